package io.odysseyguard.agent.it;

import com.sun.tools.attach.VirtualMachine;
import io.odysseyguard.agent.it.apps.AttachApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agent-Class: attached to a running JVM (the Attach API, or the JDK's {@code jcmd <pid> JVMTI.agent_load}), the agent
 * instruments the already loaded target, says so in one line and guards it.
 */
class AttachIT {
    private static final String FILE_CONNECTION = "io.odysseyguard.agent.it.fixtures.FileConnection";
    /** AttachApp loads its target class before the attach: the attach retransforms it. */
    private static final String ATTACHED = "odyssey-guard: attached, guarding io.odysseyguard.client.OdysseyClient, "
            + FILE_CONNECTION + " (instrumented 1 class loaded before the attach)";
    private static final String ALREADY_GUARDING = "odyssey-guard: already guarding this JVM; this load of the agent"
            + " changes nothing (its options are not applied: restart the JVM to change them)";

    @Test
    void attachedToARunningJvmItGuardsConnectionsOpenedAfterwards() throws Exception {
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        try (ChildJvm child = TestJvms.unguarded(AttachApp.class.getName(), log.toString(), go.toString()).start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
            try {
                vm.loadAgent(TestJvms.AGENT_JAR.toAbsolutePath().toString(), "targets=" + FileConnection.TARGET);
            } finally {
                vm.detach();
            }
            assertThat(child.guardLines()).as(child.describe()).containsExactly(ATTACHED); // printed before agentmain returned
            Files.createFile(go);
            assertReleasedAtExit(child, log);
        }
    }

    /** The README's route: {@code jcmd <pid> JVMTI.agent_load <absolute jar> [options]}, the child JDK's jcmd. */
    @Test
    void jcmdWithAnAbsolutePathAttachesAndTheApplicationSaysSo() throws Exception {
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        ChildJvmBuilder builder = TestJvms.unguarded(AttachApp.class.getName(), log.toString(), go.toString());
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            // jcmd splits an argument at its first '=' unless it is quoted
            Jcmd jcmd = Jcmd.run(builder, child.pid(), "JVMTI.agent_load",
                    TestJvms.AGENT_JAR.toAbsolutePath().toString(), "\"targets=" + FileConnection.TARGET + "\"");
            assertThat(jcmd.exitCode).as(jcmd.output).isZero();
            assertThat(jcmd.output).isEqualTo(child.pid() + ":\nreturn code: 0\n");
            assertThat(child.guardLines()).as(child.describe()).containsExactly(ATTACHED);
            Files.createFile(go);
            assertReleasedAtExit(child, log);
        }
    }

    /** Options not quoted for jcmd: the agent gets {@code targets} alone, and says what happened. */
    @Test
    void jcmdWithOptionsNotQuotedTheAgentSaysJcmdCutThem() throws Exception {
        ConnectionLog log = new ConnectionLog();
        ChildJvmBuilder builder = TestJvms.unguarded(AttachApp.class.getName(), log.toString(),
                log.file.resolveSibling("go").toString());
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            Jcmd jcmd = Jcmd.run(builder, child.pid(), "JVMTI.agent_load",
                    TestJvms.AGENT_JAR.toAbsolutePath().toString(), "targets=" + FileConnection.TARGET);
            assertThat(jcmd.output).isEqualTo(child.pid() + ":\nreturn code: 0\n");
            assertThat(child.guardLines()).as(child.describe()).containsExactly(
                    "odyssey-guard: warning: agent option 'targets' needs a value (targets=...); using the default ",
                    "odyssey-guard: warning: no agent option came with a value: jcmd cuts the options at their first '='"
                            + " unless they are quoted (jcmd <pid> JVMTI.agent_load /abs/path/odyssey-guard-agent.jar"
                            + " '\"release-timeout=1s,quiet=true\"')",
                    "odyssey-guard: attached, guarding io.odysseyguard.client.OdysseyClient");
        }
    }

    /**
     * Started with {@code -javaagent} and then attached with jcmd (or attached twice): the second load says so and
     * changes nothing; one transformer, one exit hook, each connection closed once and reported once.
     */
    @Test
    void loadedAgainIntoAGuardedJvmItSaysSoAndReleasesEachConnectionOnce() throws Exception {
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        ChildJvmBuilder builder = TestJvms.guardedWith("targets=" + FileConnection.TARGET,
                AttachApp.class.getName(), log.toString(), go.toString());
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            Jcmd jcmd = Jcmd.run(builder, child.pid(), "JVMTI.agent_load",
                    TestJvms.AGENT_JAR.toAbsolutePath().toString(), "\"release-timeout=1s\"");
            assertThat(jcmd.output).isEqualTo(child.pid() + ":\nreturn code: 0\n");
            assertThat(child.guardLines()).as(child.describe()).containsExactly(ALREADY_GUARDING);
            Files.createFile(go);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open attached-0", "open attached-1",
                    "close attached-0", "close attached-1");
            List<String> lines = child.guardLines();
            assertThat(lines).as(child.describe()).hasSize(2);
            assertThat(lines.get(1)).startsWith(
                    "odyssey-guard: released 2 Odyssey connections left open by app at JVM exit (opened at ");
        }
    }

    /** The same agent twice on one command line (a run configuration's flag and JAVA_TOOL_OPTIONS, say). */
    @Test
    void twoJavaagentFlagsStartTheGuardOnce() throws Exception {
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        Files.createFile(go);
        ChildJvmBuilder builder = TestJvms.unguarded(AttachApp.class.getName(), log.toString(), go.toString())
                .jvmOptions("-javaagent:" + TestJvms.AGENT_JAR.toAbsolutePath() + "=targets=" + FileConnection.TARGET)
                .agent(TestJvms.AGENT_JAR); // the second flag, without options
        try (ChildJvm child = builder.start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open attached-0", "open attached-1",
                    "close attached-0", "close attached-1");
            List<String> lines = child.guardLines();
            assertThat(lines).as(child.describe()).hasSize(2);
            assertThat(lines.get(0)).isEqualTo(ALREADY_GUARDING);
            assertThat(lines.get(1)).startsWith(
                    "odyssey-guard: released 2 Odyssey connections left open by app at JVM exit (opened at ");
        }
    }

    /**
     * The trap: a path relative to where jcmd runs is resolved by the application, from its own working
     * directory. jcmd still exits 0 and prints only a code; the reason is in the application's standard error.
     */
    @Test
    void jcmdWithARelativePathFailsWithCode100AndTheApplicationLogsWhy() throws Exception {
        Path relative = Path.of("").toAbsolutePath().relativize(TestJvms.AGENT_JAR.toAbsolutePath());
        assertThat(relative).as("the jar, relative to the test's directory").exists();
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        Path elsewhere = Files.createTempDirectory("odyssey-guard-app-dir-");
        ChildJvmBuilder builder = TestJvms.unguarded(AttachApp.class.getName(), log.toString(), go.toString())
                .directory(elsewhere);
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            Jcmd jcmd = Jcmd.run(builder, child.pid(), "JVMTI.agent_load", relative.toString());
            assertThat(jcmd.exitCode).as(jcmd.output).isZero();
            assertThat(jcmd.output).isEqualTo(child.pid() + ":\nreturn code: 100\n");
            assertThat(child.stderr()).as(child.describe())
                    .contains("Error opening zip file or JAR manifest missing: " + relative + "\n");
            Files.createFile(go);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open attached-0", "open attached-1"); // not guarded
            assertThat(child.guardLines()).as(child.describe()).isEmpty();
        }
    }

    private static void assertReleasedAtExit(ChildJvm child, ConnectionLog log) throws Exception {
        assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
        assertThat(log.lines()).containsExactlyInAnyOrder("open attached-0", "open attached-1",
                "close attached-0", "close attached-1");
        List<String> lines = child.guardLines();
        assertThat(lines).as(child.describe()).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(ATTACHED);
        assertThat(lines.get(1))
                .startsWith("odyssey-guard: released 2 Odyssey connections left open by app at JVM exit (opened at "
                        + AttachApp.class.getName() + ".main(AttachApp.java:");
    }

    /** {@code <child's JDK>/bin/jcmd <pid> <command...>}: its exit code and its output (both streams). */
    private record Jcmd(int exitCode, String output) {
        static Jcmd run(ChildJvmBuilder child, long pid, String... command) throws IOException, InterruptedException {
            Path jcmd = Path.of(child.command().get(0)).resolveSibling("jcmd");
            List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jcmd did not end within 60 s: " + output);
            }
            System.out.println("$ " + String.join(" ", line) + " (exit " + p.exitValue() + ")\n" + output);
            return new Jcmd(p.exitValue(), output);
        }
    }
}
