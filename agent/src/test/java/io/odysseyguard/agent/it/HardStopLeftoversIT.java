package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.ClientsApp;
import io.odysseyguard.agent.it.apps.FillApp;
import io.odysseyguard.agent.it.apps.HelloApp;
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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the journal covers when the watchdog cannot: a JVM killed after its watchdog was killed leaves its sessions in
 * the journal, and the next guarded JVM closes them as soon as it loads the Odyssey client (before it connects). Also: a corrupt journal file is skipped with one warning,
 * and a refused connect says who holds the slots.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class HardStopLeftoversIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @TempDir
    Path stateHome;

    private ChildJvmBuilder withState(ChildJvmBuilder jvm) {
        return jvm.env("ODYSSEY_API_KEY", apiKey).env("XDG_STATE_HOME", stateHome.toString());
    }

    private Path stateDir() {
        return stateHome.resolve("odyssey-guard");
    }

    @Test
    void theNextGuardedJvmToLoadTheClientClosesWhatAJvmKilledWithItsWatchdogLeft(LocalOdysseyServer server) throws Exception {
        try (ChildJvm app = withState(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            app.awaitLine("ready", START);
            await().atMost(SETTLE).until(() -> journalFiles().size() == 1);
            ProcessHandle watchdog = ProcessHandle.of(app.pid()).orElseThrow().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("Watchdog")).findFirst().orElseThrow();
            watchdog.destroyForcibly();
            await().atMost(SETTLE).until(() -> !watchdog.isAlive());
            app.signal(ChildJvm.Signal.KILL);
            app.awaitExit(START);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(server.usage().sessions())
                    .extracting(Usage.SessionInfo::state)
                    .containsOnly(SessionState.DANGLING).hasSize(3));
            assertThat(journalFiles()).hasSize(1);
        }
        try (ChildJvm next = withState(TestJvms.guarded(HelloApp.class.getName(), "client")).jvmOptions("-Xmx128m",
                "-Dhello.sleep=3000").start()) {
            await().atMost(SETTLE).untilAsserted(() -> {
                assertThat(server.usage().concurrentSessions()).isZero();
                assertThat(server.usage().sessions()).extracting(Usage.SessionInfo::closeReason)
                        .containsOnly(CloseReason.CLIENT_DISCONNECT);
            });
            await().atMost(SETTLE).untilAsserted(() -> assertThat(next.guardLines()).singleElement().asString()
                    .matches("odyssey-guard: closed 3 of 3 Odyssey sessions left open by pid \\d+ \\("
                            + ClientsApp.class.getName().replace(".", "\\.") + "\\), which is gone"));
            assertThat(journalFiles()).isEmpty();
        }
    }

    @Test
    void aCorruptJournalFileIsSkippedWithOneWarning(LocalOdysseyServer server) throws Exception {
        Files.createDirectories(stateDir());
        Path corrupt = stateDir().resolve("jvm-1-2.journal");
        Files.writeString(corrupt, "format=odyssey-guard-journal/1\npid=1\nstart=2\nsessions=zwei\n");
        Path foreign = stateDir().resolve("jvm-3-4.journal");
        Files.write(foreign, new byte[] {0, 1, 2, (byte) 0xff});
        try (ChildJvm hello = withState(TestJvms.guarded(HelloApp.class.getName(), "client")).jvmOptions("-Xmx128m",
                "-Dhello.sleep=3000").start()) {
            assertThat(hello.awaitExit(START)).isZero();
            assertThat(hello.stdout()).contains("hello");
            assertThat(hello.guardLines()).containsExactlyInAnyOrder(
                    "odyssey-guard: warning: skipped the journal file " + corrupt + ": no main",
                    "odyssey-guard: warning: skipped the journal file " + foreign + ": not an odyssey-guard-journal/1 file");
        }
        assertThat(corrupt).exists();
        assertThat(foreign).exists();
    }

    @Test
    void aRefusedConnectSaysWhoHoldsTheSlots(LocalOdysseyServer server) throws Exception {
        try (ChildJvm other = withState(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            other.awaitLine("ready", START);
            await().atMost(SETTLE).until(() -> journalFiles().size() == 1);
            try (ChildJvm filling = withState(TestJvms.guarded(FillApp.class.getName(), server.baseUrl(), "exit")).start()) {
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

    private List<Path> journalFiles() throws Exception {
        if (!Files.isDirectory(stateDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
        }
    }
}
