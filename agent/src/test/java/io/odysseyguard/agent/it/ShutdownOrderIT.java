package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.CarefulApp;
import io.odysseyguard.agent.it.apps.SlotTakenApp;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JVM exit goes last: the guard releases only what the application still holds once its own shutdown hooks have
 * returned, and an application hook that hangs keeps nothing held beyond the exit budget. Real JVMs with the agent,
 * the real client, real signals, judged by the local server's {@code /usage}.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class ShutdownOrderIT {
    private static final Duration EXIT = Duration.ofSeconds(90);

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    /**
     * The application's own shutdown hook does 300 ms of other work, then ends its stream and disconnects its two
     * clients: it finds them connected, its calls succeed, the service sees its disconnects, and the guard, which
     * goes last, finds nothing to release and prints nothing.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"return", "exit", "TERM", "INT"})
    void anApplicationThatCleansUpInItsOwnShutdownHookIsLeftAlone(String end, LocalOdysseyServer server)
            throws Exception {
        boolean signal = end.equals("TERM") || end.equals("INT");
        try (ChildJvm child = TestJvms.guarded(CarefulApp.class.getName(), server.baseUrl(), "2", "300",
                signal ? "wait" : end).env("ODYSSEY_API_KEY", apiKey).start()) {
            child.awaitLine("ready", EXIT);
            if (signal) {
                child.signal(ChildJvm.Signal.valueOf(end));
            }
            child.awaitExit(EXIT);
            assertThat(child.stdout()).as(child.describe())
                    .contains("cleanup: ended the stream and disconnected 2").doesNotContain("cleanup failed");
            assertAllClosedByClientDisconnect(server, 2);
            assertThat(child.guardLines()).as(child.describe()).noneMatch(l -> l.contains("released"));
            assertThat(child.stdout() + child.stderr()).doesNotContain(apiKey);
        }
    }

    /**
     * The application's shutdown hook never returns: once the exit budget (2 s here) has passed since SIGTERM, the
     * guard releases both sessions without waiting for it, while the JVM itself keeps waiting for the hook.
     */
    @Test
    void aHangingShutdownHookKeepsNothingHeldBeyondTheExitBudget(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = TestJvms.guardedWith("exit-budget=2s", CarefulApp.class.getName(), server.baseUrl(), "2",
                "hang", "wait").env("ODYSSEY_API_KEY", apiKey).start()) {
            child.awaitLine("ready", EXIT);
            Instant signalled = Instant.now();
            child.signal(ChildJvm.Signal.TERM);
            child.awaitLine("cleanup: hanging", EXIT);
            assertAllClosedByClientDisconnect(server, 2);
            Instant lastClosed = server.usage().sessions().stream().map(Usage.SessionInfo::closedAt)
                    .max(Instant::compareTo).orElseThrow();
            Duration freedAfter = Duration.between(signalled, lastClosed);
            System.out.println("ShutdownOrderIT: a hanging shutdown hook, exit-budget 2s: both sessions freed "
                    + freedAfter.toMillis() + " ms after SIGTERM");
            assertThat(freedAfter).as("freed within the exit budget plus 1 s")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(3));
            assertThat(child.isAlive()).as("the JVM still waits for the application's hook").isTrue();
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 2 Odyssey connections left open by app at JVM exit after the"
                            + " 2000 ms exit budget, while a shutdown hook of the application still ran (opened at "
                            + CarefulApp.class.getName() + ".main(CarefulApp.java:");
            child.stop(ChildJvm.Signal.KILL, Duration.ofSeconds(30));
        }
    }

    /**
     * When the agent cannot take its place after the application's hooks (here the application took the JDK's last
     * system-hook slot itself), it says so in one debug line and releases at exit as it did before, beside the hooks.
     */
    @Test
    void withoutItsPlaceAfterTheHooksTheGuardStillReleasesAtExit(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = TestJvms.guardedWith("debug=true", SlotTakenApp.class.getName(), server.baseUrl())
                .jvmOptions("--add-exports", "java.base/jdk.internal.access=ALL-UNNAMED")
                .env("ODYSSEY_API_KEY", apiKey).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe()).contains("slot 9 taken", "the application's slot-9 hook ran");
            assertThat(child.guardLines()).as(child.describe())
                    .filteredOn(l -> l.contains("cannot release after the application's shutdown hooks")).singleElement()
                    .asString().contains("java.lang.InternalError").endsWith("releasing in a shutdown hook beside them");
            assertThat(child.guardLines()).as(child.describe()).filteredOn(l -> l.contains("released")).singleElement()
                    .asString().startsWith("odyssey-guard: released 1 Odyssey connection left open by app at JVM exit");
            assertThat(child.guardLines()).noneMatch(l -> l.contains("warning"));
            assertAllClosedByClientDisconnect(server, 1);
        }
    }

    private static void assertAllClosedByClientDisconnect(LocalOdysseyServer server, int sessions) {
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
