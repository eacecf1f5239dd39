package io.odysseyguard.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real child JVM for the integration tests: {@code java [-javaagent:agent.jar[=args]] -cp <test class path>
 * <main> <args>}, its output captured in files (never a pipe that could fill up and block it).
 */
final class ChildJvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("odyssey.guard.agent.jar", "target/odyssey-guard-agent.jar"));
    static final Path TEST_CLASSES = Path.of(System.getProperty("odyssey.guard.test.classes", "target/test-classes"));

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startedNanos = System.nanoTime();

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Builder builder(String mainClass, String... args) {
        return new Builder(mainClass, args);
    }

    static final class Builder {
        private final String mainClass;
        private final String[] args;
        private final List<String> jvmOptions = new ArrayList<>();
        private String agentArgs;
        private boolean agent = true;
        private boolean agentOnClassPath;
        private final Map<String, String> env = new java.util.HashMap<>();

        private Builder(String mainClass, String[] args) {
            this.mainClass = mainClass;
            this.args = args;
        }

        Builder agentArgs(String agentArgs) {
            this.agentArgs = agentArgs;
            return this;
        }

        Builder withoutAgent() {
            this.agent = false;
            return this;
        }

        /** Leaves the agent's own classes on the class path too (as a `provided` dependency would). */
        Builder agentOnClassPath() {
            this.agentOnClassPath = true;
            return this;
        }

        Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        ChildJvm start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("-Xmx128m");
            command.addAll(jvmOptions);
            if (agent) {
                command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentArgs == null ? "" : "=" + agentArgs));
            }
            command.add("-cp");
            command.add(classPath(agentOnClassPath));
            command.add(mainClass);
            command.addAll(Arrays.asList(args));
            Path dir = Files.createTempDirectory("odyssey-guard-child-");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("ODYSSEY_GUARD_"));
            pb.environment().putAll(env);
            return new ChildJvm(pb.start(), out, err);
        }
    }

    static String javaExecutable() {
        String home = System.getenv("GUARD_TEST_JAVA_HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("java.home");
        }
        return Path.of(home, "bin", "java").toString();
    }

    /** The test class path, without the agent's own classes (they must come from the injected bootstrap). */
    static String classPath(boolean keepAgent) {
        String agentClasses = Path.of("target", "classes").toAbsolutePath().normalize().toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> keepAgent || !(Path.of(e).toAbsolutePath().normalize().toString().equals(agentClasses)
                        || e.endsWith("odyssey-guard-agent.jar") || e.contains("byte-buddy")))
                .collect(Collectors.joining(File.pathSeparator));
    }

    long pid() {
        return process.pid();
    }

    void awaitOutput(String text, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast("child exited before printing '" + text + "': " + describe(), () -> !process.isAlive() && !stdout().contains(text))
                .until(() -> stdout().contains(text));
    }

    /** Sends a signal (TERM, INT) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    /** Waits for the child to end; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit within " + timeout + ": " + describe());
        }
        return process.exitValue();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** The guard's lines on stderr. */
    List<String> guardLines() {
        return stderr().lines().filter(l -> l.startsWith("odyssey-guard: ")).collect(Collectors.toList());
    }

    String describe() {
        return "\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
