package io.odysseyguard.spring.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The test application ({@code io.odysseyguard.spring.it.app}) in a forked JVM, as a developer runs it: from an
 * exploded classes directory of its own ({@code java -cp <classes dir>:<dependency jars> DemoApp}) with Spring Boot
 * DevTools among the jars, so every touch of a class file there makes DevTools restart it in a new
 * {@code RestartClassLoader}. Output goes to files (never a pipe that could fill up and block the child), in the
 * manner of the agent's {@code ChildJvm}.
 */
final class DevToolsApp implements AutoCloseable {
    static final String APP_PACKAGE = "io/odysseyguard/spring/it/app";
    static final String MAIN = "io.odysseyguard.spring.it.app.DemoApp";
    private static final Pattern GENERATION = Pattern.compile("(?m)^generation (\\d+) (connected|failed|ready)\\b.*$");
    private static final Pattern ALIVE = Pattern.compile("(?m)^generation (\\d+) ready; generations alive \\[([\\d, ]*)]$");

    enum Guard {
        /** No guard at all: the control. */
        NONE,
        /** {@code -javaagent:odyssey-guard-agent.jar}, nothing else. */
        FLAG,
        /** {@code odyssey-guard-spring} (and so the agent jar) on the class path, no flag. */
        DEPENDENCY,
        /** Both. */
        FLAG_AND_DEPENDENCY
    }

    private final Process process;
    private final Path dir;
    private final Path classes;
    private final Path out;
    private final Path err;
    private long touches;

    private DevToolsApp(Process process, Path dir, Path classes) {
        this.process = process;
        this.dir = dir;
        this.classes = classes;
        this.out = dir.resolve("stdout.txt");
        this.err = dir.resolve("stderr.txt");
    }

    static DevToolsApp start(Guard guard, String apiUrl, String apiKey) throws IOException {
        return start(guard, apiUrl, apiKey, true);
    }

    /** {@code connect=false}: the app's bean does not connect at all (the leak check's baseline). */
    static DevToolsApp start(Guard guard, String apiUrl, String apiKey, boolean connect) throws IOException {
        Path dir = Files.createTempDirectory("odyssey-guard-devtools-");
        Path classes = dir.resolve("classes");
        copyAppClasses(classes);
        List<String> cp = new ArrayList<>();
        cp.add(classes.toString());
        cp.addAll(dependencyJars());
        if (guard == Guard.DEPENDENCY || guard == Guard.FLAG_AND_DEPENDENCY) {
            cp.add(springJar().toString());
            cp.add(agentJar().toString());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        // For the leak check: soft references (Spring's reflection caches) are cleared at every collection, so a
        // restart class loader that is only softly reachable counts as collectable, which it is.
        command.add("-XX:SoftRefLRUPolicyMSPerMB=0");
        if (guard == Guard.FLAG || guard == Guard.FLAG_AND_DEPENDENCY) {
            command.add("-javaagent:" + agentJar());
        }
        command.add("-Ddemo.api-url=" + apiUrl);
        if (!connect) {
            command.add("-Ddemo.connect=false");
        }
        command.add("-Dspring.main.web-application-type=none");
        command.add("-Dspring.main.keep-alive=true");
        command.add("-Dspring.main.banner-mode=off");
        command.add("-Dspring.devtools.livereload.enabled=false");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, cp));
        command.add(MAIN);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ODYSSEY_GUARD_"));
        pb.environment().put("ODYSSEY_API_KEY", apiKey);
        return new DevToolsApp(pb.start(), dir, classes);
    }

    /** The app's classes only, copied from the test classes into a fresh directory: DevTools' restart directory. */
    private static void copyAppClasses(Path target) throws IOException {
        Path testClasses = Path.of(System.getProperty("odyssey.guard.test.classes", "target/test-classes"));
        Path source = testClasses.resolve(APP_PACKAGE);
        Path dest = target.resolve(APP_PACKAGE);
        Files.createDirectories(dest);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dest.resolve(f.getFileName().toString()));
            }
        }
    }

    /** The test class path's jars (Spring Boot, DevTools, the client...) without Odyssey Guard's own. */
    private static List<String> dependencyJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> !isAgentJar(e) && !Path.of(e).toAbsolutePath().equals(springJar().toAbsolutePath())
                        && !Path.of(e).getFileName().toString().startsWith("odyssey-guard-spring"))
                .collect(Collectors.toList());
    }

    private static boolean isAgentJar(String entry) {
        return Path.of(entry).getFileName().toString().startsWith("odyssey-guard-agent");
    }

    static Path agentJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && isAgentJar(e)).map(Path::of).findFirst()
                .orElseThrow(() -> new IllegalStateException("no odyssey-guard-agent jar on the test class path"));
    }

    static Path springJar() {
        return Path.of(System.getProperty("odyssey.guard.spring.jar", "target/odyssey-guard-spring.jar"));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The highest generation that printed {@code connected}/{@code failed}, and whether it is {@code ready}. */
    int generation() {
        Matcher m = GENERATION.matcher(stdout());
        int max = 0;
        while (m.find()) {
            if (!m.group(2).equals("ready")) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max;
    }

    /**
     * For each generation N, the generations whose class loader was still alive when N was ready (after a GC), from
     * the app's test-only probe (weak references to each generation's loader).
     */
    java.util.Map<Integer, List<Integer>> aliveWhenReady() {
        java.util.Map<Integer, List<Integer>> out = new java.util.TreeMap<>();
        Matcher m = ALIVE.matcher(stdout());
        while (m.find()) {
            List<Integer> alive = new ArrayList<>();
            for (String n : m.group(2).split(",\\s*")) {
                if (!n.isBlank()) {
                    alive.add(Integer.parseInt(n.trim()));
                }
            }
            out.put(Integer.parseInt(m.group(1)), alive);
        }
        return out;
    }

    boolean isReady(int generation) {
        return stdout().contains("generation " + generation + " ready");
    }

    /** Changes a class file of the app (a newer modification time): DevTools restarts the app. */
    void touchClassFile() throws IOException {
        touches++;
        Path file = classes.resolve(APP_PACKAGE).resolve("SessionHolder.class");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + touches * 1000));
    }

    /**
     * Puts a class file that is not one into the app's package (what a broken build can leave behind): DevTools restarts,
     * and the new generation fails to start (component scanning cannot read it). {@code false} removes it again.
     */
    void brokenClassFile(boolean present) throws IOException {
        Path file = classes.resolve(APP_PACKAGE).resolve("Broken.class");
        if (present) {
            Files.writeString(file, "not a class file");
        } else {
            Files.delete(file);
        }
    }

    /** Waits until the condition holds, running {@code each} between polls; fails if the app dies meanwhile. */
    void await(String what, Duration timeout, BooleanSupplier condition, Runnable each) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the app exited while waiting for " + what + ": " + describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + ": " + describe());
            }
            each.run();
            Thread.sleep(100);
        }
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
        String o = stdout();
        String e = stderr();
        return "\n--- stdout (" + dir + ") ---\n" + tail(o) + "\n--- stderr ---\n" + tail(e);
    }

    private static String tail(String s) {
        return s.length() > 12_000 ? "..." + s.substring(s.length() - 12_000) : s;
    }

    /** Counts the live instances of a class with {@code jcmd <pid> GC.class_histogram} (which collects garbage first). */
    long liveInstances(String className) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path histogram = dir.resolve("histogram.txt");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(histogram.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jcmd GC.class_histogram did not finish");
        }
        // "   7:            1             96  org.springframework.boot.devtools.restart.classloader.RestartClassLoader"
        for (String line : Files.readAllLines(histogram)) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[3].equals(className)) {
                return Long.parseLong(cols[1]);
            }
        }
        String text = Files.readString(histogram);
        if (!text.contains("num ")) {
            throw new AssertionError("jcmd failed: " + text);
        }
        return 0;
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
            process.destroy(); // SIGTERM: the agent's exit trigger releases the last generation
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
