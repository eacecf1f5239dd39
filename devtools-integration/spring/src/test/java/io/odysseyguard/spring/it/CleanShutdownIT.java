package io.odysseyguard.spring.it;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.spring.it.DevToolsApp.Guard;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The careful user, on a real Spring Boot app with DevTools: a bean of PetClinic's shape ({@code WorldPreview}) that
 * connects and streams once the app is ready and, in its {@code @PreDestroy}, ends its stream and disconnects. The
 * guard goes last: on each DevTools restart and at JVM exit (SIGTERM, SIGINT, {@code System.exit}) the bean's own
 * cleanup runs first and finds its client connected, and the guard finds nothing left to release. The same bean without
 * the cleanup is released as before, and the report names the bean's own line, not Spring's event dispatch.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5)
class CleanShutdownIT {
    private static final Duration GENERATION_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final int RESTARTS = 3;
    /** The site names the bean's line, then the app's main: Spring's frames between them are left out. */
    private static final String SITE = "\\(opened at io\\.odysseyguard\\.spring\\.it\\.app\\.WorldPreview\\.start"
            + "\\(WorldPreview\\.java:\\d+\\) <- io\\.odysseyguard\\.spring\\.it\\.app\\.DemoApp\\.main\\(DemoApp\\.java:\\d+\\)\\)";

    private LocalOdysseyServer server;
    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    @BeforeEach
    void useServer(LocalOdysseyServer server) {
        this.server = server;
    }

    @ParameterizedTest(name = "{0}, then {1}")
    @CsvSource({"FLAG, TERM", "FLAG, EXIT", "DEPENDENCY, INT"})
    void aBeanThatDisconnectsInItsPreDestroyIsLeftAloneOnRestartsAndAtExit(Guard guard, String end) throws Exception {
        try (DevToolsApp app = DevToolsApp.start(guard, server.baseUrl(), apiKey, "demo.preview=true",
                "demo.careful=true")) {
            int generations = app.restart(RESTARTS, GENERATION_TIMEOUT, this::pollUsage);
            assertThat(generations).isEqualTo(RESTARTS + 1);
            assertThat(maxConcurrent.get()).as("most concurrent sessions the server saw").isEqualTo(1);
            if (end.equals("EXIT")) {
                app.systemExit();
            } else {
                app.signal(ChildJvm.Signal.valueOf(end));
            }
            app.awaitExit(EXIT);
            for (int g = 1; g <= generations; g++) {
                assertThat(app.stdout()).as(app.describe())
                        .contains("preview cleanup: generation " + g + " ended its stream and disconnected");
            }
            assertThat(app.stdout()).as(app.describe()).doesNotContain("preview cleanup failed").doesNotContain(" failed ");
            assertAllClosedByClientDisconnect(generations);
            assertThat(app.guardLines()).as(app.describe()).noneMatch(l -> l.contains("released"));
        }
    }

    @Test
    void aBeanThatLeavesItsConnectionOpenIsReleasedAndTheReportNamesTheBeansLine() throws Exception {
        try (DevToolsApp app = DevToolsApp.start(Guard.FLAG, server.baseUrl(), apiKey, "demo.preview=true")) {
            int generations = app.restart(1, GENERATION_TIMEOUT, this::pollUsage);
            assertThat(maxConcurrent.get()).as("most concurrent sessions the server saw").isEqualTo(1);
            app.signal(ChildJvm.Signal.TERM);
            app.awaitExit(EXIT);
            assertAllClosedByClientDisconnect(generations);
            assertThat(app.guardLines()).as(app.describe()).filteredOn(l -> l.contains("released")).hasSize(2)
                    .anySatisfy(l -> assertThat(l).matches(Pattern.quote("odyssey-guard: released 1 Odyssey connection left"
                            + " open by RestartClassLoader@") + "\\p{XDigit}+ on DevTools restart " + SITE))
                    .anySatisfy(l -> assertThat(l).matches(Pattern.quote("odyssey-guard: released 1 Odyssey connection left"
                            + " open by RestartClassLoader@") + "\\p{XDigit}+ at JVM exit " + SITE));
        }
    }

    private void pollUsage() {
        maxConcurrent.accumulateAndGet(server.usage().concurrentSessions(), Math::max);
    }

    private void assertAllClosedByClientDisconnect(int sessions) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Usage usage = server.usage();
            assertThat(usage.concurrentSessions()).isZero();
            assertThat(usage.sessions()).hasSize(sessions).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            });
        });
    }
}
