package io.odysseyguard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start a {@link ChildJvm}: the java launcher, JVM options, an agent, the class path, a main class or jar and
 * its arguments, the environment, where the output goes. Everything is optional but what to run.
 */
public final class ChildJvmBuilder {
    private Path java = defaultJava();
    private final List<String> jvmOptions = new ArrayList<>();
    private String agent;
    private ClassPath classPath;
    private final List<String> launch = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> removedEnvPrefixes = new ArrayList<>(List.of("ODYSSEY_GUARD_"));
    private Path directory;
    private Path outputDirectory;
    private boolean mergeStderr;
    private boolean discardStdout;
    private boolean newSession;

    ChildJvmBuilder() {
    }

    /** The JDK to run on (its {@code bin/java}). */
    public ChildJvmBuilder javaHome(Path javaHome) {
        this.java = launcher(javaHome);
        return this;
    }

    /** The java launcher itself. */
    public ChildJvmBuilder java(Path launcher) {
        this.java = launcher;
        return this;
    }

    /** JVM options such as {@code -Xmx64m} or {@code -Dkey=value}, before the agent. */
    public ChildJvmBuilder jvmOptions(String... options) {
        jvmOptions.addAll(Arrays.asList(options));
        return this;
    }

    /** {@code -javaagent:<jar>}. */
    public ChildJvmBuilder agent(Path jar) {
        return agent(jar, null);
    }

    /** {@code -javaagent:<jar>=<arguments>}; null arguments: none. */
    public ChildJvmBuilder agent(Path jar, String arguments) {
        this.agent = "-javaagent:" + jar.toAbsolutePath() + (arguments == null ? "" : "=" + arguments);
        return this;
    }

    public ChildJvmBuilder classPath(ClassPath classPath) {
        this.classPath = classPath;
        return this;
    }

    /** Runs {@code mainClass} with {@code arguments}. */
    public ChildJvmBuilder main(String mainClass, String... arguments) {
        launch.clear();
        launch.add(mainClass);
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /** Runs {@code java -jar <jar>} with {@code arguments}. */
    public ChildJvmBuilder jar(Path jar, String... arguments) {
        launch.clear();
        launch.add("-jar");
        launch.add(jar.toAbsolutePath().toString());
        args.addAll(Arrays.asList(arguments));
        return this;
    }

    /** Sets a variable of the child's environment. */
    public ChildJvmBuilder env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Leaves out this process's variables whose names start with {@code prefix} ({@code ODYSSEY_GUARD_} always). */
    public ChildJvmBuilder withoutEnv(String prefix) {
        removedEnvPrefixes.add(prefix);
        return this;
    }

    /** The child's working directory (default: this process's). */
    public ChildJvmBuilder directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /**
     * Where {@code stdout.txt} and {@code stderr.txt} (merged: {@code output.txt}) go (default: a fresh temporary
     * directory).
     */
    public ChildJvmBuilder outputDirectory(Path directory) {
        this.outputDirectory = directory;
        return this;
    }

    /** Standard error into the same file as standard output, interleaved as written (one log). */
    public ChildJvmBuilder mergeStderr() {
        this.mergeStderr = true;
        return this;
    }

    /** Standard output is thrown away (a benchmark's many runs); standard error is still kept. */
    public ChildJvmBuilder discardStdout() {
        this.discardStdout = true;
        return this;
    }

    /**
     * Starts the JVM in a session (and process group) of its own, through {@code setsid}: its process group id is its
     * pid, so a test can kill the whole group ({@code kill -9 -- -PGID}) without killing itself. Linux only.
     */
    public ChildJvmBuilder inNewSession() {
        this.newSession = true;
        return this;
    }

    /** The command line {@link #start()} runs (without a main class or jar: the JVM options alone, {@code -version}). */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        if (newSession) {
            command.add("setsid");
        }
        command.add(java.toString());
        command.addAll(jvmOptions);
        if (agent != null) {
            command.add(agent);
        }
        if (classPath != null) {
            command.add("-cp");
            command.add(classPath.toString());
        }
        command.addAll(launch);
        command.addAll(args);
        return command;
    }

    public ChildJvm start() throws IOException {
        List<String> command = command();
        Path dir = outputDirectory != null ? Files.createDirectories(outputDirectory)
                : Files.createTempDirectory("odyssey-guard-child-");
        Path out = dir.resolve(mergeStderr ? "output.txt" : "stdout.txt");
        Path err = mergeStderr ? out : dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(discardStdout ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        if (mergeStderr) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().keySet().removeIf(name -> removedEnvPrefixes.stream().anyMatch(name::startsWith));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), out, err);
    }

    /** The java launcher children run with by default: {@code $GUARD_TEST_JAVA_HOME/bin/java}, else this JVM's. */
    static Path defaultJava() {
        String home = System.getenv(ChildJvm.JAVA_HOME_VARIABLE);
        return launcher(home == null || home.isBlank() ? Path.of(System.getProperty("java.home")) : Path.of(home));
    }

    private static Path launcher(Path javaHome) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
    }
}
