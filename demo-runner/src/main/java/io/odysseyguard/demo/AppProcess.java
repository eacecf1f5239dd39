package io.odysseyguard.demo;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Spring Boot DevTools sample in a child JVM, run as a developer runs it: {@code java -cp <classes>:<deps> Main}
 * from an exploded classes directory (a copy of the sample's {@code target/classes}), so DevTools restarts it in a new
 * class loader whenever a class file there changes. Started and stopped by the test kit's {@link ChildJvm}, its output
 * (standard output and error together) in one log file.
 */
final class AppProcess implements AutoCloseable {
    private static final Pattern CONNECTED = Pattern.compile("Odyssey session (\\S+) connected");
    private static final String FAILED = "Application run failed";
    private static final String LIMIT_REACHED = "ConcurrentLimitReachedException";
    /** Spring Boot's "Started VideoApplication in 1.2 seconds": the context is up and DevTools watches the files. */
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in [\\d.]+ seconds");

    /**
     * How one generation of the application started: connected (its session id) or failed (with the 429 of the
     * concurrency limit or otherwise). {@code settled}: it finished starting, successfully or not, so the next change
     * of a class file is seen by DevTools.
     */
    record Generation(int number, String sessionId, boolean limitReached, boolean settled) {
        boolean connected() {
            return sessionId != null;
        }
    }

    private final ChildJvm jvm;
    private final Path classFile;
    private long touches;

    private AppProcess(ChildJvm jvm, Path classFile) {
        this.jvm = jvm;
        this.classFile = classFile;
    }

    static AppProcess start(Path appDir, String mainClass, Path agent, String apiUrl, String apiKey, Path workDir)
            throws IOException {
        Path builtClasses = appDir.resolve("target/classes");
        Path classpathFile = appDir.resolve("target/classpath.txt");
        if (!Files.isDirectory(builtClasses) || !Files.isRegularFile(classpathFile)) {
            throw new DemoException("the sample is not built: " + builtClasses + " or " + classpathFile
                    + " is missing (run ./demo, which builds it)");
        }
        Path classes = workDir.resolve("classes");
        copyTree(builtClasses, classes);
        Path classFile = someClassFile(classes);
        ChildJvmBuilder app = ChildJvm.builder()
                .javaHome(Path.of(System.getProperty("java.home"))) // the demo's own JDK, whatever the tests use
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dserver.port=0", "-Dspring.main.banner-mode=off",
                        "-Dspring.devtools.livereload.enabled=false")
                .classPath(ClassPath.of(Files.readString(classpathFile).trim().split(File.pathSeparator))
                        .prepend(classes.toString()))
                .main(mainClass)
                .directory(workDir).outputDirectory(workDir).mergeStderr()
                .withoutEnv("ODYSSEY_")
                .env("ODYSSEY_API_URL", apiUrl)
                .env("ODYSSEY_API_KEY", apiKey);
        if (agent != null) {
            app.agent(agent);
        }
        return new AppProcess(app.start(), classFile);
    }

    /** The app's output, standard output and error interleaved. */
    Path log() {
        return jvm.stdoutFile();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Changes a class file of the application (a newer modification time): DevTools restarts it. */
    void touchClassFile() throws IOException {
        touches++;
        Files.setLastModifiedTime(classFile, FileTime.fromMillis(System.currentTimeMillis() + touches * 1000));
    }

    /**
     * The generations that have connected or failed so far, in order.
     */
    List<Generation> generations() {
        List<Generation> generations = new ArrayList<>();
        List<String> lines = output().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = CONNECTED.matcher(line);
            if (m.find()) {
                generations.add(new Generation(generations.size() + 1, m.group(1), false, false));
            } else if (STARTED.matcher(line).find() && !generations.isEmpty()) {
                Generation last = generations.remove(generations.size() - 1);
                generations.add(new Generation(last.number(), last.sessionId(), false, true));
            } else if (line.contains(FAILED)) {
                boolean limit = false;
                // the cause follows the "Application run failed" line, up to the next start
                for (int j = i + 1; j < lines.size() && !lines.get(j).contains("Starting "); j++) {
                    limit |= lines.get(j).contains(LIMIT_REACHED);
                }
                generations.add(new Generation(generations.size() + 1, null, limit, true));
            }
        }
        return generations;
    }

    String output() {
        return jvm.stdout();
    }

    /** The guard's report lines. */
    List<String> guardLines() {
        return jvm.guardLines();
    }

    /** Stops the application as Ctrl+C does (SIGTERM); the JVM's shutdown hooks run. */
    @Override
    public void close() {
        jvm.stop(ChildJvm.Signal.TERM, Duration.ofSeconds(30));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path someClassFile(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.toString().endsWith(".class")).sorted().findFirst()
                    .orElseThrow(() -> new DemoException("no class file under " + classes));
        }
    }
}
