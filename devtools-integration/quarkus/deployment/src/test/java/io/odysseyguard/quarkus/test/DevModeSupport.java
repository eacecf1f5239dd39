package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.jboss.shrinkwrap.api.asset.StringAsset;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.quarkus.test.app.Greeting;
import io.odysseyguard.quarkus.test.app.VideoService;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.dev.console.DevConsoleManager;
import io.quarkus.dev.spi.HotReplacementContext;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * What the dev-mode tests share: the application root (the {@link VideoService} bean, the {@link Greeting} bean and
 * the configuration), and, on the test's local stand-in for the Odyssey service (concurrency limit 5, as in the issue:
 * the test classes are annotated {@code @LocalOdysseyServerTest(concurrencyLimit = CONCURRENCY_LIMIT, urlProperty =
 * Probe.API_URL_PROPERTY)}, so the server runs before dev mode starts the application), the reload loop: edit the
 * bean's source, have dev mode scan for changes (as a request or the console would), wait for the new generation.
 */
final class DevModeSupport {
    static final int CONCURRENCY_LIMIT = 5;

    final LocalOdysseyServer server;

    DevModeSupport(LocalOdysseyServer server) {
        this.server = server;
    }

    /** The application: the beans and the given configuration lines. */
    static QuarkusDevModeTest devMode(String... configLines) {
        StringBuilder config = new StringBuilder();
        for (String line : configLines) {
            config.append(line).append('\n');
        }
        return new QuarkusDevModeTest()
                .withApplicationRoot(jar -> jar.addClasses(VideoService.class, Greeting.class)
                        .addAsResource(new StringAsset(config.toString()), "application.properties"));
    }

    /** Waits until generation {@code n} has started. */
    Probe.Generation awaitGeneration(int n) {
        String name = "gen-" + n;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            poke();
            Probe.Generation last = Probe.last();
            return last != null && last.name().equals(name);
        });
        return Probe.last();
    }

    /** Edits the bean (generation n to n + 1) and waits until dev mode has restarted it in a new class loader. */
    Probe.Generation reload(QuarkusDevModeTest test, int n) {
        test.modifySourceFile(VideoService.class, s -> s.replace("\"gen-" + n + "\"", "\"gen-" + (n + 1) + "\""));
        return awaitGeneration(n + 1);
    }

    /**
     * Makes dev mode scan for changed sources now, as its HTTP handler or console would (the application has no
     * HTTP server: Vert.x, kept across reloads, would pin the first generation through its blocked-thread checker's
     * context class loader, which is not what these tests measure). The dev-mode SPI is loaded parent first, so the
     * test sees the running dev mode's hot-replacement context.
     */
    void poke() {
        HotReplacementContext context = DevConsoleManager.getHotReplacementContext();
        if (context != null) {
            try {
                context.doScan(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Usage usage() {
        return server.usage();
    }

    /** Sessions still open on the server (requested, connected, dangling). */
    List<Usage.SessionInfo> openSessions() {
        List<Usage.SessionInfo> open = new ArrayList<>();
        for (Usage.SessionInfo s : usage().sessions()) {
            if (s.state().isOpen()) {
                open.add(s);
            }
        }
        return open;
    }

    /**
     * After a reload to {@code current}: only its session is open, and the previous generation's session was closed
     * by its client (graceful disconnect) no later than the new one was opened, so there were never two at once.
     */
    void assertOnlyNewGenerationOpen(Probe.Generation previous, Probe.Generation current) {
        assertThat(current.failure()).as("%s could not connect", current.name()).isNull();
        assertThat(current.sessionId()).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Usage usage = usage();
            assertThat(openSessions()).extracting(Usage.SessionInfo::sessionId)
                    .as("open sessions after the reload to %s", current.name())
                    .containsExactly(current.sessionId());
            assertThat(usage.concurrentSessions()).isEqualTo(1);
        });
        Usage usage = usage();
        Usage.SessionInfo old = usage.session(previous.sessionId()).orElseThrow();
        Usage.SessionInfo now = usage.session(current.sessionId()).orElseThrow();
        assertThat(old.state()).isEqualTo(SessionState.CLOSED);
        assertThat(old.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        assertThat(old.closedAt()).as("%s closed before %s opened", previous.name(), current.name())
                .isBeforeOrEqualTo(now.openedAt());
    }

    /**
     * Waits for generation 0, then reloads {@code reloads} times, checking after each reload that only the new
     * generation's session is open and the discarded one was disconnected by its client before the new one opened.
     * Returns the discarded generations, oldest first.
     */
    List<Probe.Generation> guardedReloads(QuarkusDevModeTest test, int reloads) {
        Probe.Generation previous = awaitGeneration(0);
        assertThat(previous.failure()).isNull();
        assertThat(openSessions()).extracting(Usage.SessionInfo::sessionId).containsExactly(previous.sessionId());
        List<Probe.Generation> discarded = new ArrayList<>();
        for (int n = 0; n < reloads; n++) {
            Probe.Generation current = reload(test, n);
            assertThat(current.loaderName()).as("a new class loader").isNotEqualTo(previous.loaderName());
            assertOnlyNewGenerationOpen(previous, current);
            discarded.add(previous);
            previous = current;
        }
        assertThat(Probe.generations()).hasSize(reloads + 1)
                .allSatisfy(g -> assertThat(g.failure()).as(g.name()).isNull());
        return discarded;
    }

    /** True when this JVM was started with a {@code -javaagent} flag naming the Odyssey Guard agent. */
    static boolean agentFlagGiven() {
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-javaagent:") && arg.contains("odyssey-guard-agent")) {
                return true;
            }
        }
        return false;
    }

    /** Collects the weak references to the given generations' class loaders, with GC, for up to 60 s. */
    static List<String> uncollected(List<Probe.Generation> discarded) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> alive = aliveLoaders(discarded);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            // A little pressure on soft references and caches too.
            try {
                List<byte[]> pressure = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    pressure.add(new byte[8 << 20]);
                }
                pressure.clear();
            } catch (OutOfMemoryError ignored) {
                // fine
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = aliveLoaders(discarded);
        }
        return alive;
    }

    private static List<String> aliveLoaders(List<Probe.Generation> generations) {
        List<String> alive = new ArrayList<>();
        for (Probe.Generation g : generations) {
            WeakReference<ClassLoader> ref = g.loader();
            ClassLoader loader = ref.get();
            if (loader != null) {
                StringBuilder threads = new StringBuilder();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getContextClassLoader() == loader) {
                        threads.append(" [thread ").append(t.getName()).append(']');
                    }
                }
                loader = null;
                alive.add(g.name() + " " + g.loaderName() + threads);
                if (Boolean.getBoolean("odyssey.test.list-threads")) {
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        System.out.println("odyssey-test: live thread " + t.getName() + " tccl=" + t.getContextClassLoader());
                    }
                }
            }
        }
        return alive;
    }

    /** Copies everything written to System.err from now on, for the agent's release reports. */
    static final class StderrTap extends OutputStream {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        static StderrTap install() {
            StderrTap tap = new StderrTap();
            System.setErr(new PrintStream(tap, true, StandardCharsets.UTF_8));
            return tap;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            copy.write(b, off, len);
        }

        synchronized List<String> lines(String containing) {
            List<String> out = new ArrayList<>();
            for (String line : copy.toString(StandardCharsets.UTF_8).split("\\R")) {
                if (line.contains(containing)) {
                    out.add(line);
                }
            }
            return out;
        }
    }
}
