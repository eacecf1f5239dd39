package io.odysseyguard.benchmarks.torture.child;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The child's one voice: lines on standard output, which the harness reads (a file, so they survive a hard kill of the
 * child). Loaded by the application class loader only, so every generation reports through the same class.
 *
 * <pre>
 * session GEN SESSION_ID          a client of generation GEN connected
 * closed SESSION_ID by guard|app  the client's listener saw its own graceful close, on a guard release thread or not
 * lost SESSION_ID CODE            the socket ended otherwise (the server closed it, or the network failed)
 * exception WHERE CLASS FRAMES    a Throwable reached the application (or an uncaught one ended a thread)
 * done SEQ                        a command finished
 * </pre>
 */
public final class Report {
    private Report() {
    }

    public static synchronized void line(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** A Throwable the application saw: its class and its top frames (never its message: no secret may leak). */
    public static void exception(String where, Throwable t) {
        StringWriter frames = new StringWriter();
        PrintWriter out = new PrintWriter(frames);
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.print(" | " + c.getClass().getName());
            StackTraceElement[] stack = c.getStackTrace();
            for (int i = 0; i < Math.min(6, stack.length); i++) {
                out.print(" <- " + stack[i]);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        out.flush();
        line("exception " + where + " " + t.getClass().getName() + frames);
    }
}
