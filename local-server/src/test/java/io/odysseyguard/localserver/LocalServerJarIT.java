package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged, self-contained jar started as a real process, as a developer would run it. */
class LocalServerJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void firstStdoutLineSaysWhereItListensAndTheServerWorks() throws Exception {
        Process process = start("--port", "0", "--concurrency-limit", "1", "--heartbeat-timeout", "2s");
        int port = awaitListening(process);

        TestClient client = new TestClient("http://127.0.0.1:" + port);
        String token = client.accessToken("ody_jar_integration_key");
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        TestClient.Response second = client.post("/sessions/request", token, Map.of());
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.detail().get("details").get("limit").asInt()).isEqualTo(1);
        assertThat(client.get("/", null).body()).contains("Concurrent sessions");

        // SIGTERM: the shutdown hook stops the server and the JVM exits.
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void helpListsEveryFlagAndExitsZero() throws Exception {
        Process process = start("--help");
        String out = stdout(process);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("--host", "--port", "--concurrency-limit", "--heartbeat-timeout", "--connect-timeout",
                "--idle-timeout", "--stream-limit", "--connection-limit", "--simulation-queue-limit", "--api-key",
                "--streamers");
    }

    @Test
    void badFlagsExitWithCode2AndAClearMessage() throws Exception {
        Process process = start("--port", "0", "--no-such-flag");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains("Unknown option: '--no-such-flag'");
        assertThat(stdout(process)).doesNotContain("listening on");

        Process badDuration = start("--idle-timeout", "forever");
        assertThat(badDuration.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(badDuration.exitValue()).isEqualTo(2);
        assertThat(stderr()).contains("'forever' is not a duration");
    }

    @Test
    void aTakenPortExitsWithCode1() throws Exception {
        try (LocalOdysseyServer taken = LocalOdysseyServer.start(ServerConfig.defaults())) {
            Process process = start("--port", String.valueOf(taken.port()));
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(stderr()).contains("cannot start");
        }
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("localserver.jar", "target/odyssey-local-server.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
        started.add(process);
        return process;
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("stderr.txt"));
    }

    private static String stdout(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads the first stdout line (with a generous time limit) and returns the port it names. */
    private static int awaitListening(Process process) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        Matcher matcher = LISTENING.matcher(first);
        assertThat(matcher.matches()).as("first stdout line: %s", first).isTrue();
        // Keep draining stdout so the child never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (reader.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        return Integer.parseInt(matcher.group(1));
    }
}
