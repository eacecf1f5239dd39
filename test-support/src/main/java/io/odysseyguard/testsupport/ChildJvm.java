package io.odysseyguard.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real child JVM, as the tests, the demo and the start-up benchmark start one: {@code java [options]
 * [-javaagent:jar[=args]] -cp <class path> <main> <args>} (or {@code -jar}), its output captured in files (never a
 * pipe that could fill up and block it), and every wait bounded.
 *
 * <pre>{@code
 * try (ChildJvm app = ChildJvm.builder().agent(agentJar).classPath(ClassPath.ofThisJvm()).main(App.class.getName())
 *         .env("ODYSSEY_API_URL", server.baseUrl()).start()) {
 *     app.awaitLine("connected", Duration.ofSeconds(30));
 *     app.signal(ChildJvm.Signal.TERM);
 *     assertThat(app.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
 *     assertThat(app.guardLines()).singleElement().asString().startsWith("odyssey-guard: released 1 ");
 * }
 * }</pre>
 *
 * The java launcher is {@code $GUARD_TEST_JAVA_HOME/bin/java} when that variable is set (to run the children on
 * another JDK than the build's), else this JVM's own; {@link ChildJvmBuilder#javaHome} or {@link ChildJvmBuilder#java}
 * choose one.
 * {@code ODYSSEY_GUARD_*} variables of this process are not passed on: a child gets the guard options its test gives it.
 */
public final class ChildJvm implements AutoCloseable {
    /** Environment variable naming the JDK the children run on. */
    public static final String JAVA_HOME_VARIABLE = "GUARD_TEST_JAVA_HOME";
    /** How every line the guard prints starts. */
    public static final String GUARD_PREFIX = "odyssey-guard: ";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /** The signals a test stops a child with. */
    public enum Signal {
        /** What {@code kill}, an IDE's stop button and {@code docker stop} send: shutdown hooks run. */
        TERM,
        /** Ctrl+C: shutdown hooks run. */
        INT,
        /** {@code kill -9}: nothing of the child runs any more. */
        KILL
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** How to start one: java, options, agent, class path, main class or jar, environment, output. */
    public static ChildJvmBuilder builder() {
        return new ChildJvmBuilder();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child wrote to standard output so far (with {@link ChildJvmBuilder#mergeStderr()}: and to standard error). */
    public String stdout() {
        return read(stdout);
    }

    /** Everything the child wrote to standard error so far. */
    public String stderr() {
        return read(stderr);
    }

    public Path stdoutFile() {
        return stdout;
    }

    /** The lines the guard printed (they start with {@value #GUARD_PREFIX}), from standard error. */
    public List<String> guardLines() {
        return stderr().lines().filter(l -> l.startsWith(GUARD_PREFIX)).toList();
    }

    /**
     * Waits for the first line of standard output that contains {@code text}; returns that line. Fails at once when
     * the child exits without having printed it, and after {@code timeout} at the latest. A line counts once it is
     * complete (its newline written), or once the child has exited.
     */
    public String awaitLine(String text, Duration timeout) {
        return awaitLine(text, l -> l.contains(text), timeout);
    }

    /** Waits for the first line of standard output that {@code pattern} finds something in; returns the match. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        Matcher m = pattern.matcher(awaitLine(pattern.pattern(), l -> pattern.matcher(l).find(), timeout));
        if (!m.find()) {
            throw new IllegalStateException("unreachable: the line matched before");
        }
        return m;
    }

    private String awaitLine(String what, Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive(); // read after: a line written just before exit is still seen
            Optional<String> line = lines(exited).filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (exited) {
                throw new AssertionError("the child exited (" + process.exitValue() + ") before printing '" + what
                        + "'" + describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child did not print '" + what + "' within " + timeout + describe());
            }
            sleep(POLL);
        }
    }

    /**
     * Standard output's lines. While the child runs, a last line without its newline is left out: it may be half
     * written ({@code "listening on port 12"} of {@code "...port 12345"}).
     */
    private Stream<String> lines(boolean exited) {
        String out = stdout();
        return (exited ? out : out.substring(0, out.lastIndexOf('\n') + 1)).lines();
    }

    /** Sends a signal. {@link Signal#INT} goes through {@code kill(1)}; TERM and KILL through the process API. */
    public void signal(Signal signal) throws IOException, InterruptedException {
        switch (signal) {
            case TERM -> process.destroy();
            case KILL -> process.destroyForcibly();
            case INT -> {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
                if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                    throw new IllegalStateException("kill -INT " + process.pid() + " failed");
                }
            }
        }
    }

    /** Waits for the child to end; returns its exit code. Fails after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not exit within " + timeout + describe());
        }
        return process.exitValue();
    }

    /**
     * Stops the child as Ctrl+C in a terminal would ({@code signal}, usually TERM: its shutdown hooks run), waits at
     * most {@code grace}, then kills it. Returns without waiting if it has ended already. Never takes much longer than
     * {@code grace}.
     */
    public void stop(Signal signal, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        try {
            signal(signal);
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
        }
    }

    /** The child's output, for a failure message: the end of standard output and of standard error. */
    public String describe() {
        String out = "\n--- stdout (" + stdout + ") ---\n" + tail(stdout());
        return stdout.equals(stderr) ? out : out + "\n--- stderr ---\n" + tail(stderr());
    }

    /** {@link #stop} with TERM: a child still running after its test is stopped, its hooks allowed to run. */
    @Override
    public void close() {
        stop(Signal.TERM, STOP_GRACE);
    }

    private static String tail(String s) {
        return s.length() > 12_000 ? "..." + s.substring(s.length() - 12_000) : s;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the child", e);
        }
    }
}
