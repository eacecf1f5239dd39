package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.ClientsApp;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hard stops, where no shutdown hook runs: {@code kill -9} of the JVM, of its whole process group, and a debugger's
 * {@code VirtualMachine.exit}. The watchdog closes the sessions; the server's {@code /usage} is the judge, and its close
 * times give the figure.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class HardStopIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @TempDir
    Path stateHome;

    private ChildJvmBuilder clientsApp(ChildJvmBuilder jvm) {
        return jvm.env("ODYSSEY_API_KEY", apiKey).env("XDG_STATE_HOME", stateHome.toString());
    }

    private Path stateDir() {
        return stateHome.resolve("odyssey-guard");
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

    /**
     * Waits until the app is ready and its journal lists {@code sessions} sessions (written in the same step that tells
     * the watchdog); returns the watchdog, checked for what it must not carry.
     */
    private ProcessHandle awaitKept(ChildJvm app, int sessions) throws Exception {
        app.awaitLine("ready", START);
        await().atMost(SETTLE).until(() -> journalSessions() == sessions);
        Path journal = journalFiles().get(0);
        assertThat(Files.getPosixFilePermissions(stateDir())).as("state directory")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(journal)).as("journal file")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ProcessHandle watchdog = ProcessHandle.of(app.pid()).orElseThrow().children()
                .filter(p -> p.info().commandLine().orElse("").contains("Watchdog")).findFirst()
                .orElseThrow(() -> new AssertionError("no watchdog process among " + app.describe()));
        String commandLine = watchdog.info().commandLine().orElse("");
        assertThat(commandLine).contains("-Xmx16m").doesNotContain(apiKey).doesNotContain("test-classes");
        for (String token : tokensIn(journal)) {
            assertThat(commandLine).doesNotContain(token);
            assertThat(environmentOf(watchdog)).doesNotContain(token);
            assertThat(app.stdout() + app.stderr()).doesNotContain(token);
        }
        assertThat(environmentOf(watchdog)).doesNotContain(apiKey);
        return watchdog;
    }

    private void assertAllClosedByClientDisconnect(LocalOdysseyServer server, Instant killed, String how) {
        await().atMost(SETTLE).untilAsserted(() -> {
            Usage usage = server.usage();
            assertThat(usage.concurrentSessions()).isZero();
            assertThat(usage.sessions()).extracting(Usage.SessionInfo::closeReason)
                    .containsExactly(CloseReason.CLIENT_DISCONNECT, CloseReason.CLIENT_DISCONNECT,
                            CloseReason.CLIENT_DISCONNECT);
        });
        Instant lastClosed = server.usage().sessions().stream().map(Usage.SessionInfo::closedAt)
                .max(Instant::compareTo).orElseThrow();
        System.out.println("[figure] " + how + ": 3 sessions closed by the watchdog "
                + Duration.between(killed, lastClosed).toMillis() + " ms after the kill (server's close times)");
    }

    private void assertWatchdogGoneAndNothingLeft(ProcessHandle watchdog) throws Exception {
        await().atMost(SETTLE).until(() -> !watchdog.isAlive());
        await().atMost(SETTLE).until(() -> journalFiles().isEmpty());
        Path log = stateDir().resolve("watchdog.log");
        assertThat(log).exists();
        System.out.print("[watchdog.log] " + Files.readString(log));
        assertThat(Files.readString(log)).contains("closed 3 of 3 Odyssey sessions left open by pid")
                .contains("when it ended without a goodbye").contains(ClientsApp.class.getName() + ".main(");
    }

    private List<Path> journalFiles() throws Exception {
        if (!Files.isDirectory(stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }

    private int journalSessions() throws Exception {
        List<Path> files = journalFiles();
        if (files.size() != 1) {
            return -1;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(files.get(0))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("sessions", "-1"));
    }

    private static List<String> tokensIn(Path journal) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(journal)) {
            p.load(in);
        }
        return p.stringPropertyNames().stream().filter(k -> k.endsWith(".token")).map(p::getProperty).toList();
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
