package io.odysseyguard.agent;

import io.odysseyguard.agent.jar.AgentJar;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Installs the Odyssey Guard agent into the running JVM, for framework integrations (the Spring Boot DevTools
 * listener, the Quarkus extension) that want the guard without a {@code -javaagent} flag. One implementation for all
 * of them:
 * <ol>
 * <li>the agent is installed already (its bootstrap part, {@code io.odysseyguard.guard.tracked.Tracker}, is defined in the
 *     bootstrap class loader: {@code -javaagent}, or an earlier attach): nothing is done;</li>
 * <li>{@code -Djdk.attach.allowAttachSelf=true}: the Attach API in this process
 *     ({@code VirtualMachine.attach(<own pid>).loadAgent(jar, options)});</li>
 * <li>otherwise (a JVM may not attach to itself by default) a short-lived helper JVM runs the Attach API against
 *     this JVM's pid ({@link #main}), as ByteBuddy's agent does. The helper's exit status and its one-line output
 *     carry the Attach API's own exception, so a failure has a precise reason; its arguments are passed as a plain
 *     argument vector (no {@code jcmd} command parsing, no quoting of paths with spaces or of {@code key=value}
 *     options).</li>
 * </ol>
 * The agent jar is found where this class was loaded from: the agent jar itself, or (in a workspace build) the agent
 * module's classes directory, with {@code odyssey-guard-agent.jar} beside it ({@link AgentJar}). Every attempt is bounded in time
 * ({@value #DEFAULT_TIMEOUT_SECONDS} s by default), never throws and says why it failed.
 *
 * <p>This class sits in the agent jar but is loaded by the integration's class loader (the application's or the
 * framework's), never by the agent's start-up path. It asks the bootstrap class loader whether the agent is there
 * ({@code Class.forName(name, false, null)}): the agent alone defines its bootstrap part. The Attach API ({@code jdk.attach}) is
 * touched in a nested class only, so a runtime without that module gets a failed {@link Result}, not an error.
 */
public final class SelfAttach {
    /** The bootstrap part's entry class: present in the bootstrap loader once the agent is installed. */
    public static final String TRACKER = "io.odysseyguard.guard.tracked.Tracker";
    public static final long DEFAULT_TIMEOUT_SECONDS = 60;

    private SelfAttach() {
    }

    /** How an {@link #install} ended. */
    public enum Outcome {
        /** The agent was there before the call; nothing was done. */
        ALREADY_INSTALLED,
        /** The agent was attached by this call and is installed now. */
        ATTACHED,
        /** No agent jar found where this class was loaded from; nothing was attempted. */
        AGENT_JAR_NOT_FOUND,
        /** Attaching did not finish within the time allowed. */
        TIMED_OUT,
        /** Attaching failed; {@link Result#reason()} says why. */
        FAILED
    }

    /** The outcome of {@link #install}: whether the agent is installed now, how, and why not. */
    public static final class Result {
        private final Outcome outcome;
        private final Path agentJar;
        private final String reason;

        /**
         * Public, as every member {@link SelfAttach} and its nested classes use of one another: Quarkus dev mode can
         * load this class and its nested classes through two different class loaders (a split package), and then
         * only public access links.
         */
        public Result(Outcome outcome, Path agentJar, String reason) {
            this.outcome = outcome;
            this.agentJar = agentJar;
            this.reason = reason;
        }

        public Outcome outcome() {
            return outcome;
        }

        /** True when the agent is installed in this JVM after the call. */
        public boolean installed() {
            return outcome == Outcome.ALREADY_INSTALLED || outcome == Outcome.ATTACHED;
        }

        /** The agent jar attached (or tried), null when the agent was there already or no jar was found. */
        public Path agentJar() {
            return agentJar;
        }

        /** Why it is not installed (or, on success, how it was done); never null. */
        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return outcome + ": " + reason;
        }
    }

    /** True when the agent is installed in this JVM: its bootstrap part is defined in the bootstrap loader. */
    public static boolean isInstalled() {
        try {
            Class.forName(TRACKER, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@link #install(String, long)} bounded by {@value #DEFAULT_TIMEOUT_SECONDS} s. */
    public static Result install(String agentOptions) {
        return install(agentOptions, TimeUnit.SECONDS.toMillis(DEFAULT_TIMEOUT_SECONDS));
    }

    /** Installs the agent (see the class comment) unless it is there already; true when it is installed afterwards. */
    public static boolean ensureInstalled(String agentOptions) {
        return install(agentOptions).installed();
    }

    /**
     * Installs the agent with {@code agentOptions} (its {@code key=value,key=value} argument, may be null) unless it
     * is installed already. Blocks until the agent's {@code agentmain} has run, at most {@code timeoutMillis}.
     * Never throws. One call at a time per class loader.
     */
    public static synchronized Result install(String agentOptions, long timeoutMillis) {
        try {
            if (isInstalled()) {
                return new Result(Outcome.ALREADY_INSTALLED, null, "the agent is installed already");
            }
            Path jar = AgentJar.of(SelfAttach.class);
            if (jar == null) {
                return new Result(Outcome.AGENT_JAR_NOT_FOUND, null,
                        "the odyssey-guard-agent jar was not found where " + SelfAttach.class.getName() + " was loaded from");
            }
            long timeout = Math.max(1, timeoutMillis);
            Result r = Boolean.getBoolean("jdk.attach.allowAttachSelf")
                    ? inProcess(jar, agentOptions, timeout)
                    : helperJvm(jar, agentOptions, timeout);
            if (r.outcome() == Outcome.ATTACHED && !isInstalled()) {
                return new Result(Outcome.FAILED, jar, "the agent was loaded but did not install itself"
                        + " (odyssey.guard.enabled=false, or a bad start; see its warnings)");
            }
            return r;
        } catch (Throwable t) {
            return new Result(Outcome.FAILED, null, describe(t));
        }
    }

    // ---------------------------------------------------------------- the two ways

    /** The Attach API in this process, on a daemon thread so that the wait is bounded. */
    private static Result inProcess(Path jar, String options, long timeoutMillis) throws InterruptedException {
        String[] failure = new String[1];
        Runnable attach = () -> {
            try {
                Attacher.attach(Long.toString(ProcessHandle.current().pid()), jar.toString(), options);
            } catch (Throwable t) {
                failure[0] = describe(t);
            }
        };
        Thread thread = new Thread(null, attach, "odyssey-guard-self-attach", 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            return new Result(Outcome.TIMED_OUT, jar, "attaching the agent took longer than " + duration(timeoutMillis));
        }
        if (failure[0] != null) { // written before the thread ended: join() made it visible
            return new Result(Outcome.FAILED, jar, failure[0]);
        }
        return new Result(Outcome.ATTACHED, jar, "attached in process");
    }

    /** A short-lived helper JVM running {@link #main} against this JVM's pid. */
    private static Result helperJvm(Path jar, String options, long timeoutMillis) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            return new Result(Outcome.FAILED, jar, "no java launcher at " + java);
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx32m");
        command.add("-cp");
        command.add(jar.toString());
        command.add(SelfAttach.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(jar.toString());
        if (options != null) {
            command.add(options);
        }
        Path output = Files.createTempFile("odyssey-guard-attach-", ".txt");
        Thread thread = Thread.currentThread();
        ClassLoader tccl = thread.getContextClassLoader();
        try {
            Process helper;
            try {
                // The JDK's process reaper thread, created on the first start, inherits the context class loader:
                // it must not pin the caller's (possibly reloadable) class loader.
                thread.setContextClassLoader(null);
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
                // The helper must not run this guard (or any other agent) itself.
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.environment().remove("JDK_JAVA_OPTIONS");
                helper = pb.start();
            } finally {
                thread.setContextClassLoader(tccl);
            }
            if (!helper.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                helper.destroyForcibly();
                return new Result(Outcome.TIMED_OUT, jar, "attaching the agent took longer than " + duration(timeoutMillis));
            }
            if (helper.exitValue() != 0) {
                String said = Files.readString(output, StandardCharsets.UTF_8).strip();
                int nl = said.lastIndexOf('\n');
                said = nl >= 0 ? said.substring(nl + 1).strip() : said;
                return new Result(Outcome.FAILED, jar, said.isEmpty() ? "the attach helper exited with " + helper.exitValue() : said);
            }
            return new Result(Outcome.ATTACHED, jar, "attached from a helper JVM");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * The helper JVM's entry point: {@code SelfAttach <pid> <agent jar> [options]} loads the agent into the JVM with
     * that pid and exits 0, or prints the failure (class and message, one line) and exits 1. JDK only.
     */
    public static void main(String[] args) {
        try {
            Attacher.attach(args[0], args[1], args.length > 2 ? args[2] : null);
        } catch (Throwable t) {
            System.out.println(describe(t));
            System.out.flush();
            System.exit(1);
        }
    }

    /**
     * The Attach API, in a class of its own: loaded only when used, so a JVM without {@code jdk.attach} links this
     * class. Public for the reason given at {@link Result#Result}.
     */
    public static final class Attacher {
        private Attacher() {
        }

        public static void attach(String pid, String jar, String options) throws Exception {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar, options);
            } finally {
                vm.detach();
            }
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String text = message == null || message.isBlank() ? t.getClass().getName() : t.getClass().getName() + ": " + message;
        text = text.replace('\r', ' ').replace('\n', ' ').strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String duration(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\' || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
