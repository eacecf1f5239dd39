package io.odysseyguard.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real child JVM running {@link ChildClientMain} on this test's classpath. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> sessionId = new CompletableFuture<>();
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readOutput, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String mode, String apiUrl, String apiKey, long keepaliveMillis) throws IOException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ChildClientMain.class.getName(), mode, Long.toString(keepaliveMillis)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ODYSSEY_API_KEY", apiKey);
        builder.environment().put("ODYSSEY_API_URL", apiUrl);
        Path stderr = Files.createTempFile("odyssey-child-", ".err");
        builder.redirectError(stderr.toFile());
        return new ChildJvm(builder.start(), stderr);
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("connected ")) {
                    sessionId.complete(line.substring("connected ".length()).trim());
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            sessionId.completeExceptionally(new IllegalStateException("child ended before connecting; stderr:\n" + stderrText()));
        }
    }

    /** Blocks until the child printed its session id (it connected). */
    String awaitConnected() throws Exception {
        return sessionId.get(60, TimeUnit.SECONDS);
    }

    Process process() {
        return process;
    }

    List<String> lines() {
        return lines;
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }
}
