package io.odysseyguard.spring.it;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.guard.FrameworkClasses;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.spring.it.DevToolsApp.Guard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #4, Spring: a Spring Boot + DevTools application run from its exploded classes directory in a forked JVM, whose
 * bean connects on start and has no shutdown logic, is restarted by DevTools over and over (a touched class file each
 * time) against the local stand-in server with a concurrency limit of 5 and the default (long) heartbeat timeout.
 * With the guard (the flag alone, the dependency alone, both) the server never sees more than one concurrent session,
 * no 429 occurs, and every old session is closed as {@code client_disconnect}; without it (the control) the sixth
 * generation gets the 429. A restart whose new generation fails to start still releases the old one. After 20
 * guarded restarts the discarded restart class loaders are collectable (but the first, which Spring Boot itself keeps
 * with or without the guard: {@link #theBaseline}).
 */
@LocalOdysseyServerTest(concurrencyLimit = 5)
class DevToolsRestartIT {
    private static final Duration GENERATION_TIMEOUT = Duration.ofSeconds(120);
    private static final String RESTART_CLASS_LOADER = FrameworkClasses.DEVTOOLS_RESTART_CLASS_LOADER;
    private static final Pattern RELEASE_LINE = Pattern.compile("odyssey-guard: released 1 Odyssey connection left open by"
            + " RestartClassLoader@\\p{XDigit}+ on DevTools restart \\(opened at"
            + " io\\.odysseyguard\\.spring\\.it\\.app\\.SessionHolder\\.<init>\\(SessionHolder\\.java:\\d+\\).*\\)");

    private LocalOdysseyServer server;
    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    /** The test's own local server (the extension starts one per test and stops it after). */
    @BeforeEach
    void useServer(LocalOdysseyServer server) {
        this.server = server;
    }

    @Test
    void theFlagAloneReleasesEachDiscardedGeneration() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.FLAG, server.baseUrl(), apiKey)) {
            int generations = restart(app, 10);
            assertGuarded(app, generations);
            assertThat(app.guardLines()).as(app.describe()).noneMatch(l -> l.contains("agent installed"));
            assertDiscardedGenerationsCollectable(app, generations);
            assertReleasedAtExit(app, generations);
        }
    }

    @Test
    void theDependencyAloneInstallsTheGuardAndNoGenerationLeaks() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.DEPENDENCY, server.baseUrl(), apiKey)) {
            int generations = restart(app, 20);
            assertGuarded(app, generations);
            assertThat(app.guardLines()).as(app.describe())
                    .filteredOn(l -> l.contains("agent installed")).singleElement().asString()
                    .startsWith("odyssey-guard: agent installed for DevTools restart (attached odyssey-guard-agent");
            assertDiscardedGenerationsCollectable(app, generations);
            assertReleasedAtExit(app, generations);
        }
    }

    @Test
    void theFlagAndTheDependencyTogetherReleaseOnce() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.FLAG_AND_DEPENDENCY, server.baseUrl(), apiKey)) {
            int generations = restart(app, 3);
            assertGuarded(app, generations);
            assertThat(app.guardLines()).as(app.describe()).noneMatch(l -> l.contains("agent installed"));
        }
    }

    @Test
    void aRestartThatFailsToStartStillReleases() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.FLAG, server.baseUrl(), apiKey)) {
            restart(app, 0);
            app.brokenClassFile(true);
            Runnable poll = () -> maxConcurrent.accumulateAndGet(server.usage().concurrentSessions(), Math::max);
            // Spring Boot 3.5 and 4.0 log "Application run failed"; 4.1.2 (here) only Spring Framework's own warning.
            app.await("the failed start", GENERATION_TIMEOUT, () -> app.stderr().contains("Application run failed")
                    || app.stderr().contains("Exception encountered during context initialization"), poll);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Usage usage = server.usage();
                assertThat(usage.concurrentSessions()).isZero();
                assertThat(usage.sessions()).singleElement().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                    assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
                });
            });
            assertThat(app.generation()).isEqualTo(1);
            // the build is fixed: the next restart starts and connects
            app.brokenClassFile(false);
            app.await("generation 2", GENERATION_TIMEOUT, () -> app.isReady(2), poll);
            assertGuarded(app, 2);
        }
    }

    @Test
    void withoutTheGuardTheSixthGenerationGetsThe429() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.NONE, server.baseUrl(), apiKey)) {
            int generations = restart(app, 5);
            assertThat(generations).isEqualTo(6);
            String out = app.stdout();
            for (int g = 1; g <= 5; g++) {
                assertThat(out).as(app.describe()).containsPattern("(?m)^generation " + g + " connected ");
            }
            assertThat(out).as(app.describe())
                    .contains("generation 6 failed io.odysseyguard.client.ConcurrentLimitReachedException");
            Usage usage = server.usage();
            assertThat(usage.concurrentSessions()).isEqualTo(5);
            assertThat(usage.sessions()).extracting(Usage.SessionInfo::state).containsOnly(SessionState.CONNECTED);
            assertThat(maxConcurrent.get()).isEqualTo(5);
            assertThat(app.guardLines()).isEmpty();
        }
    }

    /**
     * Waits for the first generation, then has DevTools restart the app {@code restarts} times, polling
     * {@code /usage} all along. Returns how many generations ran.
     */
    private int restart(DevToolsApp app, int restarts) throws Exception {
        return app.restart(restarts, GENERATION_TIMEOUT,
                () -> maxConcurrent.accumulateAndGet(server.usage().concurrentSessions(), Math::max));
    }

    /** Never more than one session, no 429, every old session closed by the client, one report line per restart. */
    private void assertGuarded(DevToolsApp app, int generations) {
        String out = app.stdout();
        assertThat(out).as(app.describe()).doesNotContain(" failed ");
        for (int g = 1; g <= generations; g++) {
            assertThat(out).as(app.describe()).containsPattern("(?m)^generation " + g + " connected ");
        }
        assertThat(maxConcurrent.get()).as("most concurrent sessions the server saw").isEqualTo(1);
        Usage usage = server.usage();
        assertThat(usage.concurrentSessions()).isEqualTo(1);
        List<Usage.SessionInfo> sessions = usage.sessions(); // newest first
        assertThat(sessions).hasSize(generations);
        assertThat(sessions.get(0).state()).isEqualTo(SessionState.CONNECTED);
        assertThat(sessions.subList(1, sessions.size())).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        });
        List<String> releases = app.guardLines().stream().filter(l -> l.contains("on DevTools restart")).collect(Collectors.toList());
        assertThat(releases).as(app.describe()).hasSize(generations - 1).allMatch(l -> RELEASE_LINE.matcher(l).matches());
        assertThat(app.stdout() + app.stderr()).doesNotContain(apiKey);
    }

    /**
     * The leak check. Spring Boot itself keeps the first restarted generation's class loader for as long as the JVM
     * runs, guard or no guard ({@link #theBaseline}: its {@code SpringApplicationShutdownHook} thread, created
     * while that generation ran, holds it as context class loader, and so do JVM-wide singletons such as
     * {@code BindConverter}'s shared instance); that is one loader, not one per restart. Every other discarded generation
     * must be collectable:
     * <ul>
     * <li>the app's probe (weak references to each generation's loader, checked after a GC when a generation is ready)
     *     never sees a generation older than three restarts alive, except the first;</li>
     * <li>in the end, after full GCs ({@code jcmd GC.class_histogram}), the only live RestartClassLoaders are the
     *     current generation's and, if the probe still sees it, the first's.</li>
     * </ul>
     */
    private void assertDiscardedGenerationsCollectable(DevToolsApp app, int generations) {
        Map<Integer, List<Integer>> aliveWhenReady = app.aliveWhenReady();
        assertThat(aliveWhenReady).as(app.describe()).containsKey(generations);
        aliveWhenReady.forEach((n, alive) -> assertThat(alive).as("generations alive when %d was ready", n)
                .allMatch(g -> g == 1 || g >= n - 3));
        long allowed = aliveWhenReady.get(generations).contains(1) ? 2 : 1;
        long[] live = {-1};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            live[0] = app.liveInstances(RESTART_CLASS_LOADER);
            assertThat(live[0]).as("live RestartClassLoaders after %d generations", generations).isLessThanOrEqualTo(allowed);
        });
        System.out.println("DevToolsRestartIT: " + generations + " generations; live RestartClassLoaders after GC: "
                + live[0] + "; alive when the last was ready: " + aliveWhenReady.get(generations));
    }

    /**
     * The leak check's baseline: no guard and no connection at all; Spring Boot retains the first restarted
     * generation's loader all the same, and nothing else.
     */
    @Test
    void theBaseline() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.NONE, server.baseUrl(), apiKey, "demo.connect=false")) {
            int generations = restart(app, 4);
            assertThat(app.aliveWhenReady().get(generations)).as(app.describe()).contains(1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(app.liveInstances(RESTART_CLASS_LOADER)).isEqualTo(2));
            assertThat(server.usage().sessions()).isEmpty();
        }
    }

    /** Stopping the app (SIGTERM) releases the last generation at JVM exit: nothing is left on the server. */
    private void assertReleasedAtExit(DevToolsApp app, int generations) throws Exception {
        app.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Usage usage = server.usage();
            assertThat(usage.concurrentSessions()).isZero();
            assertThat(usage.sessions()).hasSize(generations)
                    .allSatisfy(s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT));
        });
        assertThat(app.guardLines()).as(app.describe()).filteredOn(l -> l.contains("at JVM exit")).singleElement()
                .asString().startsWith("odyssey-guard: released 1 Odyssey connection left open by RestartClassLoader@");
    }
}
