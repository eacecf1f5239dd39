package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.ClientsApp;
import io.odysseyguard.agent.it.apps.FillApp;
import io.odysseyguard.agent.it.apps.HelloApp;
import io.odysseyguard.agent.it.apps.KilledAfterConnectApp;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hard stops, where no shutdown hook runs: {@code kill -9} of the JVM, of its whole process group, and a debugger's
 * {@code VirtualMachine.exit}. The watchdog closes the sessions; the server's {@code /usage} is the judge, and its close
 * times give the figure. And what the journal covers when the watchdog cannot (a JVM killed after its watchdog: the
 * next guarded JVM closes its sessions as soon as it loads the Odyssey client); a corrupt journal file is skipped with
 * one warning; a refused connect says who holds the slots.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class HardStopIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    private StateHome state;

    @BeforeEach
    void stateHome(@TempDir Path home) {
        state = new StateHome(home);
    }

    private ChildJvmBuilder clientsApp(ChildJvmBuilder jvm) {
        return state.given(jvm.env("ODYSSEY_API_KEY", apiKey));
    }

    @Test
    void killNineLeavesNothingBehind(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            ProcessHandle watchdog = awaitKept(app, 3);
            Instant killed = Instant.now();
            app.signal(ChildJvm.Signal.KILL);
            assertAllClosedByClientDisconnect(server, killed, "kill -9");
            assertWatchdogGoneAndNothingLeft(watchdog);
            assertThat(app.stdout() + app.stderr()).doesNotContain(apiKey);
        }
    }

    @Test
    void killingTheWholeProcessGroupLeavesNothingBehind(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait"))
                .inNewSession().start()) {
            ProcessHandle watchdog = awaitKept(app, 3);
            Instant killed = Instant.now();
            // the app leads its own process group (setsid): its pgid is its pid
            Process kill = new ProcessBuilder("bash", "-c", "kill -9 -- -" + app.pid()).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertAllClosedByClientDisconnect(server, killed, "kill -9 -- -PGID");
            assertWatchdogGoneAndNothingLeft(watchdog);
        }
    }

    @Test
    void aDebuggersExitLeavesNothingBehind(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")
                .jvmOptions("-Xmx128m", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"))
                .start()) {
            String listening = app.awaitLine("Listening for transport dt_socket at address:", START);
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1).trim());
            ProcessHandle watchdog = awaitKept(app, 3);
            Instant killed = Instant.now();
            Debugger.exit(port, 1); // JDWP VirtualMachine.exit: no shutdown hook runs
            app.awaitExit(START);
            assertThat(app.stderr()).doesNotContain("released"); // the proof that no hook ran
            assertAllClosedByClientDisconnect(server, killed, "JDWP VirtualMachine.exit");
            assertWatchdogGoneAndNothingLeft(watchdog);
        }
    }

    /**
     * The torture run's seed 9077488426776123723: {@code kill -9} right after {@code connect()} returned. The first
     * connection's (the watchdog is started then) and a later one's, each killed within a millisecond or so of its
     * {@code connect()} returning (a helper shell waiting on a pipe runs the kill).
     */
    @Test
    void killNineTheMomentTheFirstConnectReturnedLeavesNothingBehind(LocalOdysseyServer server) throws Exception {
        assertKilledRightAfterConnectLeavesNothing(server, 1, 0);
    }

    @Test
    void killNineTheMomentALaterConnectReturnedLeavesNothingBehind(LocalOdysseyServer server) throws Exception {
        assertKilledRightAfterConnectLeavesNothing(server, 2, 2000);
    }

    private void assertKilledRightAfterConnectLeavesNothing(LocalOdysseyServer server, int connections, long pause)
            throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.guarded(KilledAfterConnectApp.class.getName(), server.baseUrl(),
                Integer.toString(connections), Long.toString(pause))).start()) {
            assertThat(app.awaitExit(START)).as(app.describe()).isEqualTo(137); // 128 + SIGKILL
            assertThat(app.stdout()).doesNotContain("not killed");
            try {
                await().atMost(SETTLE).untilAsserted(() -> {
                    Usage usage = server.usage();
                    assertThat(usage.sessions()).hasSize(connections);
                    assertThat(usage.concurrentSessions()).isZero();
                    assertThat(usage.sessions()).extracting(Usage.SessionInfo::closeReason)
                            .containsOnly(CloseReason.CLIENT_DISCONNECT);
                });
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                Path log = state.dir().resolve("watchdog.log");
                throw new AssertionError("kill -9 right after connect " + connections + ": " + server.usage()
                        + "; watchdog.log: " + (Files.exists(log) ? Files.readString(log) : "(none)")
                        + "; journal files: " + state.journalFiles(), e);
            }
            await().atMost(SETTLE).until(() -> state.journalFiles().isEmpty());
            assertThat(Files.readString(state.dir().resolve("watchdog.log"))).contains("closed " + connections + " of "
                    + connections + " Odyssey sessions left open by pid " + app.pid());
        }
    }

    @Test
    void withoutTheGuardAKillNineLeavesThreeDangling(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.unguarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            app.awaitLine("ready", START);
            app.signal(ChildJvm.Signal.KILL);
            app.awaitExit(START);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(server.usage().sessions())
                    .extracting(Usage.SessionInfo::state)
                    .containsExactly(SessionState.DANGLING, SessionState.DANGLING, SessionState.DANGLING));
            assertThat(server.usage().concurrentSessions()).isEqualTo(3);
        }
    }

    @Test
    void theNextGuardedJvmToLoadTheClientClosesWhatAJvmKilledWithItsWatchdogLeft(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            app.awaitLine("ready", START);
            await().atMost(SETTLE).until(() -> state.journalFiles().size() == 1);
            ProcessHandle watchdog = StateHome.watchdogOf(app);
            watchdog.destroyForcibly();
            await().atMost(SETTLE).until(() -> !watchdog.isAlive());
            app.signal(ChildJvm.Signal.KILL);
            app.awaitExit(START);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(server.usage().sessions())
                    .extracting(Usage.SessionInfo::state)
                    .containsOnly(SessionState.DANGLING).hasSize(3));
            assertThat(state.journalFiles()).hasSize(1);
        }
        try (ChildJvm next = clientsApp(TestJvms.guarded(HelloApp.class.getName(), "client")).jvmOptions("-Xmx128m",
                "-Dhello.sleep=60000").start()) {
            await().atMost(SETTLE).untilAsserted(() -> {
                assertThat(server.usage().concurrentSessions()).isZero();
                assertThat(server.usage().sessions()).extracting(Usage.SessionInfo::closeReason)
                        .containsOnly(CloseReason.CLIENT_DISCONNECT);
            });
            await().atMost(SETTLE).untilAsserted(() -> assertThat(next.guardLines()).singleElement().asString()
                    .matches("odyssey-guard: closed 3 of 3 Odyssey sessions left open by pid \\d+ \\("
                            + ClientsApp.class.getName().replace(".", "\\.") + "\\), which is gone"));
            assertThat(state.journalFiles()).isEmpty();
        }
    }

    @Test
    void aCorruptJournalFileIsSkippedWithOneWarning(LocalOdysseyServer server) throws Exception {
        Files.createDirectories(state.dir());
        Path corrupt = state.dir().resolve("jvm-1-2.journal");
        Files.writeString(corrupt, "format=odyssey-guard-journal/1\npid=1\nstart=2\nsessions=zwei\n");
        Path foreign = state.dir().resolve("jvm-3-4.journal");
        Files.write(foreign, new byte[] {0, 1, 2, (byte) 0xff});
        try (ChildJvm hello = clientsApp(TestJvms.guarded(HelloApp.class.getName(), "client")).jvmOptions("-Xmx128m",
                "-Dhello.sleep=60000").start()) {
            hello.awaitLine("hello", START);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(hello.guardLines()).containsExactlyInAnyOrder(
                    "odyssey-guard: warning: skipped the journal file " + corrupt + ": no main",
                    "odyssey-guard: warning: skipped the journal file " + foreign + ": not an odyssey-guard-journal/1 file"));
        }
        assertThat(corrupt).exists();
        assertThat(foreign).exists();
    }

    @Test
    void aRefusedConnectSaysWhoHoldsTheSlots(LocalOdysseyServer server) throws Exception {
        try (ChildJvm other = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            other.awaitLine("ready", START);
            await().atMost(SETTLE).until(() -> state.journalFiles().size() == 1);
            try (ChildJvm filling = clientsApp(TestJvms.guarded(FillApp.class.getName(), server.baseUrl(), "exit")).start()) {
                assertThat(filling.awaitExit(START)).as(filling.describe()).isZero();
                assertThat(filling.stdout()).contains("refused after 2: ConcurrentLimitReachedException");
                String fill = FillApp.class.getName() + ".main(FillApp.java:";
                assertThat(filling.guardLines()).as(filling.describe()).anySatisfy(line -> assertThat(line)
                        .startsWith("odyssey-guard: warning: Odyssey refused a session: the concurrent session limit "
                                + "is reached (5 of 5 held). This JVM holds 2 (opened at " + fill)
                        .contains(", pid " + other.pid() + " (" + ClientsApp.class.getName() + ") holds 3, "
                                + "0 held elsewhere or dangling. To free them: java -jar ")
                        .contains("odyssey-guard-agent.jar release PID"));
            }
        }
    }

    /**
     * Waits until the app is ready and its journal lists {@code sessions} sessions (written in the same step that tells
     * the watchdog); returns the watchdog, checked for what it must not carry.
     */
    private ProcessHandle awaitKept(ChildJvm app, int sessions) throws Exception {
        app.awaitLine("ready", START);
        await().atMost(SETTLE).until(() -> state.journalOf(app.pid()) != null
                && StateHome.sessionCount(state.journalOf(app.pid())) == sessions);
        Path journal = state.journalOf(app.pid());
        assertThat(Files.getPosixFilePermissions(state.dir())).as("state directory")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(journal)).as("journal file")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ProcessHandle watchdog = StateHome.watchdogOf(app);
        String commandLine = watchdog.info().commandLine().orElse("");
        assertThat(commandLine).contains("-Xmx32m").doesNotContain(apiKey).doesNotContain("test-classes");
        for (String token : StateHome.sessionField(journal, "token")) {
            assertThat(commandLine).doesNotContain(token);
            assertThat(environmentOf(watchdog)).doesNotContain(token);
            assertThat(app.stdout() + app.stderr()).doesNotContain(token);
        }
        assertThat(environmentOf(watchdog)).doesNotContain(apiKey);
        return watchdog;
    }

    private void assertAllClosedByClientDisconnect(LocalOdysseyServer server, Instant killed, String how)
            throws Exception {
        try {
            await().atMost(SETTLE).untilAsserted(() -> {
                Usage usage = server.usage();
                assertThat(usage.concurrentSessions()).isZero();
                assertThat(usage.sessions()).extracting(Usage.SessionInfo::closeReason)
                        .containsExactly(CloseReason.CLIENT_DISCONNECT, CloseReason.CLIENT_DISCONNECT,
                                CloseReason.CLIENT_DISCONNECT);
            });
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            Path log = state.dir().resolve("watchdog.log");
            throw new AssertionError("after " + how + ": " + server.usage() + "; watchdog.log: "
                    + (Files.exists(log) ? Files.readString(log) : "(none)") + "; journal files: "
                    + state.journalFiles(), e);
        }
        Instant lastClosed = server.usage().sessions().stream().map(Usage.SessionInfo::closedAt)
                .max(Instant::compareTo).orElseThrow();
        System.out.println("[figure] " + how + ": 3 sessions closed by the watchdog "
                + Duration.between(killed, lastClosed).toMillis() + " ms after the kill (server's close times)");
    }

    private void assertWatchdogGoneAndNothingLeft(ProcessHandle watchdog) throws Exception {
        await().atMost(SETTLE).until(() -> !watchdog.isAlive());
        await().atMost(SETTLE).until(() -> state.journalFiles().isEmpty());
        Path log = state.dir().resolve("watchdog.log");
        assertThat(log).exists();
        System.out.print("[watchdog.log] " + Files.readString(log));
        assertThat(Files.readString(log)).contains("closed 3 of 3 Odyssey sessions left open by pid")
                .contains("when it ended without a goodbye").contains(ClientsApp.class.getName() + ".main(");
    }

    private static String environmentOf(ProcessHandle process) throws Exception {
        Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
        return Optional.of(environ).filter(Files::isReadable).map(p -> {
            try {
                return new String(Files.readAllBytes(p));
            } catch (Exception e) {
                return "";
            }
        }).orElse("");
    }
}
