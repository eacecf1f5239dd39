package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged, self-contained jar started as a real process, as a developer would run it. */
class LocalServerJarIT {

    /** The first stdout line; scripts (and .ci/readme-commands) look for its "listening on http://HOST:PORT". */
    private static final Pattern LISTENING =
            Pattern.compile("odyssey-local-server: listening on http://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)");
    /** A session line on stderr as the jar logs it: the time, the level, the class, no thread; the key's fingerprint. */
    private static final Pattern SESSION_REQUESTED = Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO SessionRegistry - session \\S+ requested \\(key \\p{XDigit}{8}\\)$");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private int runs;

    @Test
    void firstStdoutLinesSayWhereItListensAndTheServerWorks() throws Exception {
        try (ChildJvm jar = start("--port", "0", "--concurrency-limit", "1", "--heartbeat-timeout", "2s")) {
            int port = awaitListening(jar);
            String url = "http://127.0.0.1:" + port;
            jar.awaitLine("ODYSSEY_API_URL", PATIENCE);
            assertThat(jar.stdout().lines().toList()).containsExactly(
                    "odyssey-local-server: listening on " + url + " (limit 1 session per key)",
                    "  dashboard: " + url + "/",
                    "  point a client at it: ODYSSEY_API_URL=" + url);

            TestClient client = new TestClient("http://127.0.0.1:" + port);
            String token = client.accessToken("ody_jar_integration_key");
            assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
            TestClient.Response second = client.post("/sessions/request", token, Map.of());
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.detail().get("details").get("limit").asInt()).isEqualTo(1);
            assertThat(client.get("/", null).body()).contains("Concurrent sessions");

            // SIGTERM: the shutdown hook stops the server and the JVM exits.
            jar.signal(ChildJvm.Signal.TERM);
            jar.awaitExit(Duration.ofSeconds(30));

            // stderr: the server's own session lines, none of the framework's start and stop INFO lines.
            assertThat(jar.stderr()).containsPattern(SESSION_REQUESTED)
                    .contains("INFO SessionRegistry - session refused: 429 CONCURRENT_LIMIT_REACHED, 1 of 1 held (key "
                            + LocalOdysseyServer.keyFingerprint("ody_jar_integration_key") + ")")
                    .doesNotContain("ody_jar_integration_key");
            assertThat(jar.stderr().toLowerCase(Locale.ROOT)).doesNotContain("javalin", "jetty");
        }
    }

    @Test
    void verboseAddsTheFrameworksLinesWithThreadNames() throws Exception {
        try (ChildJvm jar = start("--port", "0", "--verbose", "--streamers", "2", "--api-key", "ody_verbose_key_1")) {
            Matcher first = jar.awaitLine(LISTENING, PATIENCE);
            assertThat(first.group(2)).isEqualTo("limit 5 sessions per key, 2 streamers, only the --api-key keys");
            jar.signal(ChildJvm.Signal.TERM);
            jar.awaitExit(Duration.ofSeconds(30));
            assertThat(jar.stderr()).contains("[main] INFO io.javalin.Javalin - ",
                            "INFO io.odysseyguard.localserver.LocalOdysseyServer - local Odyssey server listening on")
                    .doesNotContain("ody_verbose_key_1");
        }
    }

    @Test
    void helpListsEveryFlagAndExitsZero() throws Exception {
        try (ChildJvm jar = start("--help")) {
            assertThat(jar.awaitExit(PATIENCE)).isZero();
            assertThat(jar.stdout()).contains("--host", "--port", "--concurrency-limit", "--heartbeat-timeout",
                    "--connect-timeout", "--idle-timeout", "--stream-limit", "--connection-limit",
                    "--simulation-queue-limit", "--api-key", "--streamers");
        }
    }

    @Test
    void badFlagsExitWithCode2AndAClearMessage() throws Exception {
        try (ChildJvm jar = start("--port", "0", "--no-such-flag")) {
            assertThat(jar.awaitExit(PATIENCE)).isEqualTo(2);
            assertThat(jar.stderr()).contains("Unknown option: '--no-such-flag'");
            assertThat(jar.stdout()).doesNotContain("listening on");
        }
        try (ChildJvm badDuration = start("--idle-timeout", "forever")) {
            assertThat(badDuration.awaitExit(PATIENCE)).isEqualTo(2);
            assertThat(badDuration.stderr()).contains("'forever' is not a duration");
        }
        try (ChildJvm typo = start("--heartbeat-timout", "5s")) {
            assertThat(typo.awaitExit(PATIENCE)).isEqualTo(2);
            assertThat(typo.stderr().lines()).containsExactly(
                    "Unknown option: '--heartbeat-timout'", "Did you mean: --heartbeat-timeout?");
        }
    }

    @Test
    @LocalOdysseyServerTest
    void aTakenPortExitsWithCode1(LocalOdysseyServer taken) throws Exception {
        try (ChildJvm jar = start("--port", String.valueOf(taken.port()))) {
            assertThat(jar.awaitExit(PATIENCE)).isEqualTo(1);
            assertThat(jar.stderr()).contains("cannot start");
        }
    }

    /** {@code java -jar odyssey-local-server.jar args}; its output in a folder of its own under the test's. */
    private ChildJvm start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("localserver.jar", "target/odyssey-local-server.jar"));
        assertThat(jar).exists();
        return ChildJvm.builder().jar(jar, args).outputDirectory(tmp.resolve("run-" + ++runs)).start();
    }

    /** Waits (with a generous time limit) for the first stdout line, checks it is exactly the listening line, returns its port. */
    private static int awaitListening(ChildJvm jar) {
        jar.awaitLine(LISTENING, PATIENCE);
        String first = jar.stdout().lines().findFirst().orElse(null);
        assertThat(first).isNotNull();
        Matcher matcher = LISTENING.matcher(first);
        assertThat(matcher.matches()).as("first stdout line: %s", first).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
