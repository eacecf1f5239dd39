package io.odysseyguard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odysseyguard.agent.it.apps.ClientsApp;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code odyssey-guard} command, run as it is shipped ({@code java -jar odyssey-guard-agent.jar ...}, and the
 * launcher script), against real guarded JVMs (the real client, {@link ClientsApp}: three sessions each) and the local
 * stand-in server, judged by the server's usage. Each test has a state directory of its own ({@code XDG_STATE_HOME} of
 * the guarded JVMs, {@code --state-dir} of the command), so no other JVM's start or watchdog reaps what a test leaves.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class CommandIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN = ClientsApp.class.getName();

    @TempDir
    Path xdgStateHome;

    private final List<ChildJvm> apps = new ArrayList<>();
    private final List<String> apiKeys = new ArrayList<>();
    /** Every token the guarded JVMs' journals held: none may appear in any output. */
    private final List<String> tokens = new ArrayList<>();
    /** Every output of the command in this test. */
    private final StringBuilder outputs = new StringBuilder();

    private Path stateDir() {
        return new StateHome(xdgStateHome).dir();
    }

    @Test
    void listShowsTheRunningJvmsAndReleaseFreesOneWhileItKeepsRunning(LocalOdysseyServer server) throws Exception {
        ChildJvm a = startClientsApp(null, server);
        ChildJvm b = startClientsApp(null, server);
        List<String> aIds = idsOf(awaitJournal(a));
        List<String> bIds = idsOf(awaitJournal(b));

        Run list = run("list");
        assertThat(list.exit).as(list.describe()).isZero();
        assertThat(list.stdout).as(list.describe())
                .contains("pid " + a.pid() + " (" + MAIN + "): running, 3 Odyssey sessions, watchdog pid ")
                .contains("pid " + b.pid() + " (" + MAIN + "): running, 3 Odyssey sessions, watchdog pid ")
                .contains("SESSION   AGE  OWNER  OPENED AT");
        assertThat(blockOf(list.stdout, a.pid())).contains(shortIds(aIds)).doesNotContain(shortIds(bIds))
                .contains("  app    " + MAIN + ".main(ClientsApp.java:");
        assertThat(blockOf(list.stdout, b.pid())).contains(shortIds(bIds)).doesNotContain(shortIds(aIds));

        Run listJson = run("list", "--json");
        assertThat(listJson.exit).as(listJson.describe()).isZero();
        JsonNode listed = JSON.readTree(listJson.stdout);
        assertThat(listed.path("command").asText()).isEqualTo("list");
        assertThat(listed.path("stateDir").asText()).isEqualTo(stateDir().toString());
        assertThat(listed.path("jvms")).hasSize(2);
        for (JsonNode jvm : listed.path("jvms")) {
            List<String> ids = jvm.path("pid").asLong() == a.pid() ? aIds : bIds;
            assertThat(jvm.path("pid").asLong()).isIn(a.pid(), b.pid());
            assertThat(jvm.path("mainClass").asText()).isEqualTo(MAIN);
            assertThat(jvm.path("state").asText()).isEqualTo("running");
            assertThat(jvm.path("watchdogPid").asLong()).isPositive();
            assertThat(jvm.path("problem").isNull()).isTrue();
            assertThat(texts(jvm.path("sessions"), "id")).containsExactlyInAnyOrderElementsOf(ids);
            for (JsonNode s : jvm.path("sessions")) {
                assertThat(s.path("shortId").asText()).isEqualTo(s.path("id").asText().substring(0, 8));
                assertThat(s.path("owner").asText()).isEqualTo("app");
                assertThat(s.path("site").asText()).startsWith(MAIN + ".main(ClientsApp.java:");
                assertThat(s.path("ageSeconds").asLong()).isBetween(0L, 120L);
                assertThat(s.path("openedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            }
        }

        Run release = run("release", Long.toString(a.pid()));
        assertThat(release.exit).as(release.describe()).isZero();
        assertThat(release.stdout).as(release.describe())
                .startsWith("pid " + a.pid() + " (" + MAIN + "): released 3 of 3 Odyssey sessions; it keeps running")
                .contains(shortIds(aIds)).doesNotContain(shortIds(bIds)).contains("released  ");
        awaitUsage(server, aIds, CloseReason.CLIENT_DISCONNECT);
        assertThat(server.usage().concurrentSessions()).as("b's sessions stay").isEqualTo(3);
        assertThat(bIds).allSatisfy(id -> assertThat(server.usage().session(id).orElseThrow().closeReason()).isNull());
        assertThat(a.guardLines()).as(a.describe()).singleElement().asString().startsWith(
                "odyssey-guard: released 3 Odyssey connections left open by app on `odyssey-guard release` (pid "
                        + a.pid() + ")");
        Thread.sleep(500);
        assertThat(a.isAlive()).as("the released JVM keeps running" + a.describe()).isTrue();

        Run again = run("release", Long.toString(a.pid()));
        assertThat(again.exit).as("nothing left to release: " + again.describe()).isEqualTo(1);
        assertThat(again.stderr).contains("pid " + a.pid() + " holds no guarded Odyssey sessions");

        Run after = run("list");
        assertThat(after.exit).as(after.describe()).isZero();
        assertThat(after.stdout).doesNotContain("pid " + a.pid() + " (").contains("pid " + b.pid() + " (" + MAIN + "): running");

        Run releaseJson = run("release", "--all", "--json");
        assertThat(releaseJson.exit).as(releaseJson.describe()).isZero();
        JsonNode released = JSON.readTree(releaseJson.stdout);
        assertThat(released.path("command").asText()).isEqualTo("release");
        assertThat(released.path("jvms")).singleElement().satisfies(jvm -> {
            assertThat(jvm.path("pid").asLong()).isEqualTo(b.pid());
            assertThat(texts(jvm.path("sessions"), "id")).containsExactlyInAnyOrderElementsOf(bIds);
            assertThat(texts(jvm.path("sessions"), "result")).containsOnly("released");
        });
        awaitUsage(server, bIds, CloseReason.CLIENT_DISCONNECT);
        assertThat(server.usage().concurrentSessions()).isZero();
        assertThat(a.isAlive()).isTrue();
        assertThat(b.isAlive()).isTrue();

        Run none = run("list");
        assertThat(none.exit).as(none.describe()).isEqualTo(1);
        assertThat(none.stdout).isEmpty();
        assertThat(none.stderr).contains("no JVM holds guarded Odyssey sessions");
    }

    @Test
    void reapClosesWhatAJvmKilledWithoutItsWatchdogLeft(LocalOdysseyServer server) throws Exception {
        ChildJvm victim = startClientsApp("watchdog=false", server);
        Path journal = awaitJournal(victim);
        List<String> ids = idsOf(journal);
        victim.signal(ChildJvm.Signal.KILL);
        victim.awaitExit(START);
        assertThat(server.usage().concurrentSessions()).as("nothing closed them").isEqualTo(3);

        Run list = run("list");
        assertThat(list.exit).as(list.describe()).isZero();
        assertThat(list.stdout).as(list.describe()).startsWith("pid " + victim.pid() + " (" + MAIN + "): gone; "
                + "3 Odyssey sessions as its journal recorded them (`odyssey-guard reap` closes them)")
                .contains(shortIds(ids));
        Run listJson = run("list", "--json");
        assertThat(JSON.readTree(listJson.stdout).path("jvms")).singleElement().satisfies(jvm -> {
            assertThat(jvm.path("state").asText()).isEqualTo("gone");
            assertThat(jvm.path("watchdogPid").isNull()).isTrue();
            assertThat(texts(jvm.path("sessions"), "id")).containsExactlyInAnyOrderElementsOf(ids);
        });
        Run release = run("release", Long.toString(victim.pid()));
        assertThat(release.exit).as("a gone JVM is reaped, not released: " + release.describe()).isEqualTo(1);
        assertThat(release.stderr).contains("`odyssey-guard reap` closes them");

        Run reap = run("reap", "--json");
        assertThat(reap.exit).as(reap.describe()).isZero();
        assertThat(JSON.readTree(reap.stdout).path("jvms")).singleElement().satisfies(jvm -> {
            assertThat(jvm.path("pid").asLong()).isEqualTo(victim.pid());
            assertThat(jvm.path("state").asText()).isEqualTo("gone");
            assertThat(texts(jvm.path("sessions"), "id")).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(texts(jvm.path("sessions"), "result")).containsOnly("closed");
        });
        awaitUsage(server, ids, CloseReason.CLIENT_DISCONNECT);
        assertThat(server.usage().concurrentSessions()).isZero();
        assertThat(journal).doesNotExist();

        Run again = run("reap");
        assertThat(again.exit).as(again.describe()).isEqualTo(1);
        assertThat(again.stderr).contains("nothing to reap");
        assertThat(run("list").exit).isEqualTo(1);
    }

    @Test
    void aHardKillLeavesNoControlSocketOnceReaped(LocalOdysseyServer server) throws Exception {
        ChildJvm victim = startClientsApp(null, server); // with its watchdog, which closes the sessions itself
        List<String> ids = idsOf(awaitJournal(victim));
        Path socket = stateDir().resolve(victim.pid() + ".sock");
        assertThat(socket).as("the JVM's control socket").exists();
        victim.signal(ChildJvm.Signal.KILL);
        victim.awaitExit(START);
        awaitUsage(server, ids, CloseReason.CLIENT_DISCONNECT); // the watchdog closed them

        Run reap = run("reap");
        assertThat(reap.stderr).as(reap.describe()).contains("nothing to reap");
        assertThat(socket).as("a gone JVM's socket, after reap").doesNotExist();
    }

    @Test
    void reapPrintsWhatItClosed(LocalOdysseyServer server) throws Exception {
        ChildJvm victim = startClientsApp("watchdog=false", server);
        List<String> ids = idsOf(awaitJournal(victim));
        victim.signal(ChildJvm.Signal.KILL);
        victim.awaitExit(START);

        Run reap = run("reap");
        assertThat(reap.exit).as(reap.describe()).isZero();
        assertThat(reap.stdout).as(reap.describe())
                .startsWith("pid " + victim.pid() + " (" + MAIN + "): gone; closed 3 of 3 Odyssey sessions it left")
                .contains("SESSION   RESULT  AGE  OWNER  OPENED AT");
        for (String id : ids) {
            assertThat(reap.stdout).containsPattern(id.substring(0, 8) + "  closed  \\d+s +app    " + MAIN + ".main");
        }
        awaitUsage(server, ids, CloseReason.CLIENT_DISCONNECT);
    }

    @Test
    void aJvmThatDoesNotAnswerIsShownFromItsJournalAndIsNotReleased(LocalOdysseyServer server) throws Exception {
        ChildJvm stopped = startClientsApp(null, server);
        List<String> ids = idsOf(awaitJournal(stopped));
        kill("-STOP", stopped.pid());
        try {
            Run list = run("list");
            assertThat(list.exit).as(list.describe()).isZero();
            assertThat(list.stdout).as(list.describe()).startsWith("pid " + stopped.pid() + " (" + MAIN + "): running, "
                    + "but its control socket did not answer (no answer within 5 s); 3 Odyssey sessions as its journal "
                    + "recorded them").contains(shortIds(ids));

            Run release = run("release", "--json", Long.toString(stopped.pid()));
            assertThat(release.exit).as(release.describe()).isEqualTo(3);
            assertThat(JSON.readTree(release.stdout).path("jvms")).singleElement().satisfies(jvm -> {
                assertThat(jvm.path("state").asText()).isEqualTo("not-answering");
                assertThat(jvm.path("problem").asText()).contains("did not answer");
                assertThat(texts(jvm.path("sessions"), "result")).containsOnly("not-released");
            });
        } finally {
            kill("-CONT", stopped.pid());
        }
        assertThat(server.usage().concurrentSessions()).isEqualTo(3);
    }

    @Test
    void usageErrorsAndNothingToDo() throws Exception {
        assertThat(run().exit).as("no command").isEqualTo(2);
        assertThat(run("bogus").exit).isEqualTo(2);
        assertThat(run("release").exit).as("neither a pid nor --all").isEqualTo(2);
        assertThat(run("release", "--all", "42").exit).as("both").isEqualTo(2);
        assertThat(run("release", "not-a-pid").exit).isEqualTo(2);
        assertThat(run("list", "--bogus").exit).isEqualTo(2);

        Run help = run("help", "release");
        assertThat(help.exit).isZero();
        assertThat(help.stdout).contains("Usage: odyssey-guard release").contains("--all").contains("--json");
        Run topHelp = run("--help");
        assertThat(topHelp.exit).isZero();
        assertThat(topHelp.stdout).contains("Exit codes:").contains("list").contains("release").contains("reap");

        Run list = run("list", "--json");
        assertThat(list.exit).as(list.describe()).isEqualTo(1);
        assertThat(JSON.readTree(list.stdout).path("jvms")).isEmpty();
        Run notGuarded = run("release", Long.toString(ProcessHandle.current().pid()));
        assertThat(notGuarded.exit).isEqualTo(1);
        assertThat(notGuarded.stderr).contains("holds no guarded Odyssey sessions");
        assertThat(run("release", "--all").exit).isEqualTo(1);
        assertThat(run("reap").exit).isEqualTo(1);
    }

    @Test
    void theStateDirectoryComesFromTheOptionThenTheAgentsVariableThenXdg() throws Exception {
        Files.createDirectories(stateDir());
        Files.writeString(stateDir().resolve("jvm-1-2.journal"), "format=something-else\n");
        String unreadable = "odyssey-guard: warning: skipped the journal file " + stateDir().resolve("jvm-1-2.journal");

        Run option = run("list"); // --state-dir
        assertThat(option.stderr).as(option.describe()).containsOnlyOnce(unreadable);
        Run variable = command(ChildJvm.builder().jar(TestJvms.AGENT_JAR, "list")
                .env("XDG_STATE_HOME", xdgStateHome.resolve("elsewhere").toString())
                .env("ODYSSEY_GUARD_STATE_DIR", stateDir().toString()));
        assertThat(variable.stderr).as(variable.describe()).containsOnlyOnce(unreadable);
        Run xdg = command(ChildJvm.builder().jar(TestJvms.AGENT_JAR, "list").env("XDG_STATE_HOME", xdgStateHome.toString()));
        assertThat(xdg.stderr).as(xdg.describe()).containsOnlyOnce(unreadable);
        assertThat(xdg.exit).isEqualTo(1);
    }

    @Test
    void theLauncherScriptRunsTheJarBesideIt() throws Exception {
        Path script = TestJvms.AGENT_JAR.toAbsolutePath().resolveSibling("odyssey-guard");
        assertThat(Files.isExecutable(script)).as(script + " is copied by the build, executable").isTrue();
        ProcessBuilder version = new ProcessBuilder(script.toString(), "--version").redirectErrorStream(true);
        version.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = version.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes())).startsWith("odyssey-guard ");
        assertThat(p.exitValue()).isZero();

        ProcessBuilder noJar = new ProcessBuilder(script.toString(), "list").redirectErrorStream(true);
        noJar.environment().put("JAVA_HOME", System.getProperty("java.home"));
        noJar.environment().put("ODYSSEY_GUARD_JAR", xdgStateHome.resolve("missing.jar").toString());
        Process q = noJar.start();
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(q.getInputStream().readAllBytes())).contains("no agent jar at");
        assertThat(q.exitValue()).isEqualTo(2);
    }

    @Test
    void theAgentJarCarriesTheCommandInANestedJarWithItsLibrariesRelocated() throws Exception {
        try (JarFile jar = new JarFile(TestJvms.AGENT_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.odysseyguard.agent.CommandLauncher");
            assertThat(jar.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("io.odysseyguard.agent.OdysseyGuardAgent");
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            // the guarded JVM's start opens this jar: the command's hundreds of entries stay nested
            assertThat(names).contains("META-INF/odyssey-guard/odyssey-guard-command.jar")
                    .noneMatch(n -> n.startsWith("io/odysseyguard/cli/") || n.contains("picocli")
                            || n.contains("jackson"));
            // the agent, its bootstrap part (class data) and the engine's ASM (relocated), files only: about 180 entries
            assertThat(names).contains("io/odysseyguard/agent/shaded/asm/ClassReader.class")
                    .noneMatch(n -> n.startsWith("org/objectweb/") || n.contains("bytebuddy"))
                    .hasSizeLessThan(200);
            JarEntry nested = jar.getJarEntry("META-INF/odyssey-guard/odyssey-guard-command.jar");
            List<String> command = new ArrayList<>();
            try (JarInputStream in = new JarInputStream(jar.getInputStream(nested))) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    command.add(e.getName());
                }
            }
            assertThat(command).contains("io/odysseyguard/cli/OdysseyGuardCommand.class",
                    "io/odysseyguard/cli/ListCommand.class", "io/odysseyguard/cli/ReleaseCommand.class",
                    "io/odysseyguard/cli/ReapCommand.class",
                    "io/odysseyguard/agent/shaded/picocli/CommandLine.class",
                    "io/odysseyguard/agent/shaded/jackson/core/JsonGenerator.class");
            assertThat(command).noneMatch(n -> n.startsWith("picocli/") || n.startsWith("com/fasterxml/")
                    || n.startsWith("META-INF/versions/") || n.endsWith("module-info.class")
                    || n.startsWith("META-INF/services/") || n.startsWith("io/odysseyguard/guard/")
                    || n.startsWith("io/odysseyguard/hardstop/"));
        }
    }

    /** No output of the command ever held a session token or an API key. */
    @AfterEach
    void noSecretInAnyOutput() {
        for (String token : tokens) {
            assertThat(outputs.toString()).doesNotContain(token);
        }
        for (String key : apiKeys) {
            assertThat(outputs.toString()).doesNotContain(key);
        }
    }

    /** Stops the guarded JVMs, then waits for their watchdogs: nothing may write into the state directory after. */
    @AfterEach
    void stopApps() {
        List<ProcessHandle> watchdogs = new ArrayList<>();
        for (ChildJvm app : apps) {
            ProcessHandle.of(app.pid()).ifPresent(h -> h.children().forEach(watchdogs::add));
            app.close();
        }
        for (ProcessHandle w : watchdogs) {
            w.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> w).join();
        }
    }

    // ---- the guarded JVMs ----------------------------------------------------------------------

    /** {@link ClientsApp} in {@code wait} mode, three sessions, with an API key and the test's state directory. */
    private ChildJvm startClientsApp(String agentArgs, LocalOdysseyServer server) throws IOException {
        String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12)); // one per JVM: 3 each, 5 per key
        apiKeys.add(apiKey);
        ChildJvmBuilder jvm = (agentArgs == null ? TestJvms.guarded(MAIN, server.baseUrl(), "wait")
                : TestJvms.guardedWith(agentArgs, MAIN, server.baseUrl(), "wait"))
                .env("ODYSSEY_API_KEY", apiKey);
        ChildJvm app = new StateHome(xdgStateHome).given(jvm).start();
        apps.add(app);
        app.awaitLine("ready", START);
        return app;
    }

    /** Waits until the JVM's journal file records its three sessions; remembers their tokens. */
    private Path awaitJournal(ChildJvm app) {
        Path[] file = new Path[1];
        await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            file[0] = new StateHome(xdgStateHome).journalOf(app.pid());
            return file[0] != null && StateHome.sessionCount(file[0]) == 3;
        });
        tokens.addAll(StateHome.sessionField(file[0], "token"));
        assertThat(tokens).doesNotContainNull();
        return file[0];
    }

    private static List<String> idsOf(Path journal) {
        return StateHome.sessionField(journal, "id");
    }

    // ---- the command ---------------------------------------------------------------------------

    private record Run(int exit, String stdout, String stderr, String describe) {
    }

    /** {@code java -jar odyssey-guard-agent.jar <args> --state-dir <the test's>}. */
    private Run run(String... args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (args.length > 0) {
            all.add("--state-dir");
            all.add(stateDir().toString());
        }
        return command(ChildJvm.builder().jar(TestJvms.AGENT_JAR, all.toArray(String[]::new)));
    }

    private Run command(ChildJvmBuilder builder) throws Exception {
        try (ChildJvm command = builder.start()) {
            int exit = command.awaitExit(COMMAND);
            Run run = new Run(exit, command.stdout(), command.stderr(), command.describe());
            outputs.append(run.stdout).append(run.stderr);
            return run;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void awaitUsage(LocalOdysseyServer server, List<String> ids, CloseReason reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Usage usage = server.usage();
            for (String id : ids) {
                assertThat(usage.session(id)).hasValueSatisfying(s -> assertThat(s.closeReason()).isEqualTo(reason));
            }
        });
    }

    /** The lines of {@code pid}'s block in a text listing. */
    private static String blockOf(String listing, long pid) {
        int start = listing.indexOf("pid " + pid + " (");
        assertThat(start).as(listing).isNotNegative();
        int end = listing.indexOf("\n\n", start);
        return end < 0 ? listing.substring(start) : listing.substring(start, end);
    }

    private static String[] shortIds(List<String> ids) {
        return ids.stream().map(id -> id.substring(0, 8)).toArray(String[]::new);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill " + signal + " " + pid).isTrue();
    }
}
