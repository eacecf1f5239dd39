package io.odysseyguard.guard.output;

/**
 * The one place the guard prints: standard error, every line prefixed {@value #PREFIX}.
 *
 * <p>It deliberately does not go through {@code System.Logger}/JUL: this class lives in the bootstrap class loader and
 * runs inside shutdown hooks, where JUL's own hook may already have reset its handlers, and looking up a logger finder
 * from premain would load the application's logging backend early. Callers pass class names, loader descriptions and
 * creation sites only, never an object's {@code toString()} or an exception message (either may carry a secret).
 */
public final class Reporter {
    /** How every line of the guard starts; also used (as a constant) by the start-up messages and the integrations. */
    public static final String PREFIX = io.odysseyguard.guard.OdysseyGuard.OUTPUT_PREFIX;

    private static volatile boolean quiet;
    private static volatile boolean debug;

    private Reporter() {
    }

    /** Called once when the agent installs the guard ({@code quiet}, {@code debug} options). */
    public static void configure(boolean quietReports, boolean debugOutput) {
        quiet = quietReports;
        debug = debugOutput;
    }

    /** A release report line; suppressed by {@code quiet=true}. */
    public static void report(String line) {
        if (!quiet) {
            print(line);
        }
    }

    /** A warning; always printed. */
    public static void warn(String message) {
        print("warning: " + message);
    }

    /** Diagnostics, printed with {@code debug=true} only. */
    public static void debug(String message) {
        if (debug) {
            print("debug: " + message);
        }
    }

    public static boolean isDebug() {
        return debug;
    }

    private static void print(String line) {
        try {
            System.err.println(PREFIX + line);
        } catch (Throwable ignored) {
            // never throw into the application
        }
    }
}
