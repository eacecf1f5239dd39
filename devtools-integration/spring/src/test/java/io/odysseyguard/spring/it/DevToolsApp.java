package io.odysseyguard.spring.it;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test application ({@code io.odysseyguard.spring.it.app}) in a forked JVM, as a developer runs it: from an
 * exploded classes directory of its own ({@code java -cp <classes dir>:<dependency jars> DemoApp}) with Spring Boot
 * DevTools among the jars, so every touch of a class file there makes DevTools restart it in a new
 * {@code RestartClassLoader}. Started and stopped by the test kit's {@link ChildJvm}.
 */
final class DevToolsApp implements AutoCloseable {
    static final String APP_PACKAGE = "io/odysseyguard/spring/it/app";
    static final String MAIN = "io.odysseyguard.spring.it.app.DemoApp";
    private static final Pattern GENERATION = Pattern.compile("(?m)^generation (\\d+) (connected|failed|ready)\\b.*$");
    private static final Pattern VERSIONS = Pattern.compile("(?m)^spring boot (\\S+), spring framework (\\S+)$");
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

    private static final String EXIT_FILE = "exit-now";
    /** A touch DevTools has not acted on within this long is repeated (a busy machine, a watcher just starting). */
    private static final long RETOUCH_NANOS = Duration.ofSeconds(30).toNanos();
    /** Whether this test JVM already said which Spring Boot line its apps run on. */
    private static boolean lineReported;

    private final ChildJvm jvm;
    private final Path dir;
    private final Path classes;
    private long touches;

    private DevToolsApp(ChildJvm jvm, Path dir, Path classes) {
        this.jvm = jvm;
        this.dir = dir;
        this.classes = classes;
    }

    /**
     * Starts the app; {@code properties} are more {@code -D} options for it: {@code demo.connect=false} (its bean does
     * not connect at all: the leak check's baseline), {@code demo.preview=true} ({@code WorldPreview} instead of
     * {@code SessionHolder}), {@code demo.careful=true} (it disconnects in its {@code @PreDestroy}).
     */
    static DevToolsApp start(Guard guard, String apiUrl, String apiKey, String... properties) throws IOException {
        Path dir = Files.createTempDirectory("odyssey-guard-devtools-");
        Path classes = dir.resolve("classes");
        copyAppClasses(classes);
        ClassPath cp = ClassPath.ofThisJvm().only(p -> p.toString().endsWith(".jar"))
                .without(p -> p.getFileName().toString().startsWith("odyssey-guard-agent")
                        || p.getFileName().toString().startsWith("odyssey-guard-spring")
                        || p.equals(springJar().toAbsolutePath().normalize()))
                .prepend(classes.toString());
        if (guard == Guard.DEPENDENCY || guard == Guard.FLAG_AND_DEPENDENCY) {
            cp = cp.append(springJar().toString(), agentJar().toString());
        }
        ChildJvmBuilder builder = ChildJvm.builder()
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1",
                        // For the leak check: soft references (Spring's reflection caches) are cleared at every
                        // collection, so a restart class loader only softly reachable counts as collectable, which it is.
                        "-XX:SoftRefLRUPolicyMSPerMB=0",
                        "-Ddemo.api-url=" + apiUrl,
                        "-Dspring.main.web-application-type=none", "-Dspring.main.keep-alive=true",
                        "-Dspring.main.banner-mode=off", "-Dspring.devtools.livereload.enabled=false")
                .classPath(cp).main(MAIN)
                .directory(dir).outputDirectory(dir)
                .env("ODYSSEY_API_KEY", apiKey);
        builder.jvmOptions("-Ddemo.exit-file=" + dir.resolve(EXIT_FILE));
        for (String p : properties) {
            builder.jvmOptions("-D" + p);
        }
        if (guard == Guard.FLAG || guard == Guard.FLAG_AND_DEPENDENCY) {
            builder.agent(agentJar());
        }
        return new DevToolsApp(builder.start(), dir, classes);
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

    /** The agent jar, on the test class path as a dependency of odyssey-guard-spring. */
    static Path agentJar() {
        return ClassPath.ofThisJvm().jarNamed("odyssey-guard-agent");
    }

    static Path springJar() {
        return Path.of(System.getProperty("odyssey.guard.spring.jar", "target/odyssey-guard-spring.jar"));
    }

    long pid() {
        return jvm.pid();
    }

    boolean isAlive() {
        return jvm.isAlive();
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

    /** The Spring Boot version the app printed (its first line), or null before it did. */
    String springBootVersion() {
        Matcher m = VERSIONS.matcher(stdout());
        return m.find() ? m.group(1) : null;
    }

    /** The Spring Framework version the app printed, or null before it did. */
    String springFrameworkVersion() {
        Matcher m = VERSIONS.matcher(stdout());
        return m.find() ? m.group(2) : null;
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

    /**
     * Waits for the first generation, then touches a class file {@code restarts} times, each time waiting (at most
     * {@code timeout}) for the next generation to be ready; runs {@code each} between polls. Checks the Spring Boot
     * line. Returns how many generations ran.
     */
    int restart(int restarts, Duration timeout, Runnable each) throws Exception {
        await("generation 1", timeout, () -> isReady(1), each);
        checkSpringBootLine();
        for (int i = 1; i <= restarts; i++) {
            int next = generation() + 1;
            touchClassFile();
            long[] touched = {System.nanoTime()};
            await("generation " + next, timeout, () -> generation() >= next && isReady(generation()), () -> {
                each.run();
                if (generation() < next && System.nanoTime() - touched[0] > RETOUCH_NANOS) {
                    try {
                        touchClassFile();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    touched[0] = System.nanoTime();
                }
            });
        }
        each.run();
        return generation();
    }

    /**
     * The app runs on the Spring Boot line this run is for ({@code odyssey.guard.spring-boot.version}, set by the build:
     * each line's failsafe execution gives the child JVMs that line's jars); once per test JVM, says which line it was.
     */
    private void checkSpringBootLine() {
        String expected = System.getProperty("odyssey.guard.spring-boot.version");
        if (expected != null && !expected.equals(springBootVersion())) {
            throw new AssertionError("the app runs on Spring Boot " + springBootVersion() + ", not " + expected + describe());
        }
        if (!lineReported) {
            lineReported = true;
            System.out.println("DevToolsApp: Spring Boot " + springBootVersion() + ", Spring Framework "
                    + springFrameworkVersion());
        }
    }

    /** Waits until the condition holds, running {@code each} between polls; fails if the app dies meanwhile. */
    void await(String what, Duration timeout, BooleanSupplier condition, Runnable each) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!jvm.isAlive()) {
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
        return jvm.stdout();
    }

    String stderr() {
        return jvm.stderr();
    }

    List<String> guardLines() {
        return jvm.guardLines();
    }

    String describe() {
        return jvm.describe();
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

    /** Makes the app call {@code System.exit(0)} (its exit-file watcher sees the file). */
    void systemExit() throws IOException {
        Files.writeString(dir.resolve(EXIT_FILE), "now");
    }

    void signal(ChildJvm.Signal signal) throws IOException, InterruptedException {
        jvm.signal(signal);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        return jvm.awaitExit(timeout);
    }

    /** SIGTERM, as Ctrl+C: the agent's exit trigger releases the last generation. */
    @Override
    public void close() {
        jvm.stop(ChildJvm.Signal.TERM, Duration.ofSeconds(30));
    }
}
