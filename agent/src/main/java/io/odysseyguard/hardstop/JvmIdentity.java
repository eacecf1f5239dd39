package io.odysseyguard.hardstop;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One JVM as the journal names it: its pid and its process start time (a pid alone may be reused by another process
 * once the JVM is gone), and its main class for people to read.
 */
public record JvmIdentity(long pid, long startMillis, String mainClass) {

    /** This JVM. */
    public static JvmIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        return new JvmIdentity(self.pid(), startMillis(self).orElse(0L), mainClassOfThisJvm());
    }

    /** True while the process this names runs: the pid is alive and started when this JVM did. */
    public boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Long> started = startMillis(process.get());
        // Start times are known to the second or better; an unknown one cannot prove reuse.
        return started.isEmpty() || startMillis == 0 || Math.abs(started.get() - startMillis) < 1000;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    /** The main class (or jar) from {@code sun.java.command}, without its arguments. */
    static String mainClassOfThisJvm() {
        return mainOf(System.getProperty("sun.java.command", ""));
    }

    static String mainOf(String command) {
        int space = command.indexOf(' ');
        String main = space < 0 ? command : command.substring(0, space);
        return main.isBlank() ? "unknown" : main;
    }

    /**
     * The same for other processes to read (the Odyssey client's {@code User-Agent}): a jar by its file name only, so
     * no directory of this machine goes with it.
     */
    public static String mainClassOrJarNameOfThisJvm() {
        return mainClassOrJarName(System.getProperty("sun.java.command", ""));
    }

    static String mainClassOrJarName(String command) {
        String main = mainOf(command);
        if (lastSeparator(main) < 0) {
            return main; // a class name, or a jar in the working directory
        }
        String path = main;
        if (!main.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            // A directory with a space in it: the command alone cannot tell the path from the arguments but by ".jar".
            String lower = command.toLowerCase(Locale.ROOT);
            for (int at = lower.indexOf(".jar"); at >= 0; at = lower.indexOf(".jar", at + 1)) {
                int end = at + ".jar".length();
                if (end == command.length() || command.charAt(end) == ' ') {
                    path = command.substring(0, end);
                    break;
                }
            }
        }
        String name = path.substring(lastSeparator(path) + 1);
        return name.isBlank() ? "unknown" : name;
    }

    private static int lastSeparator(String path) {
        return Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    }
}
