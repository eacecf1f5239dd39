package io.odysseyguard.demo;

import io.odysseyguard.demo.DemoRun.Result;
import io.odysseyguard.demo.DemoRun.Row;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** The side-by-side table of both runs and the one-line verdict. */
final class Report {
    private static final String SIDE = "%5s  %8s  %4s  %-17s";
    private static final String ROW = "%-8s  " + SIDE + "   |  " + SIDE;

    private Report() {
    }

    static void table(Result without, Result with, PrintStream out) {
        int width = String.format(SIDE, "", "", "", "").length();
        out.printf("%-8s  %-" + width + "s   |  %s%n", "", "WITHOUT the guard", "WITH the guard");
        line(out, ROW, "restart", "held", "orphaned", "429s", "old session freed", "held", "orphaned", "429s", "old session freed");
        int rows = Math.max(without.rows().size(), with.rows().size());
        for (int i = 0; i < rows; i++) {
            Side left = side(without, i);
            Side right = side(with, i);
            String restart = i == 0 ? "start" : Integer.toString(i);
            line(out, ROW, restart, left.held(), left.orphaned(), left.limit429s(), left.freed(),
                    right.held(), right.orphaned(), right.limit429s(), right.freed());
        }
        out.printf("%-8s  %-" + width + "s   |  %s%n", "app quit", afterStop(without), afterStop(with));
        out.println();
        out.println("  held      sessions counting against the limit of " + with.limit() + " on the server");
        out.println("  orphaned  held, but by no running generation of the app");
        out.println("  429s      restarts so far whose connect() was refused (ConcurrentLimitReachedException)");
        out.println("  freed     from the class change until the discarded generation's session was closed"
                + " (DevTools notices a change within about a second)");
        out.println("  app quit  once the app's JVM was stopped (SIGTERM, as Ctrl+C does); dangling sessions count"
                + " until the server's heartbeat timeout");
    }

    private static void line(PrintStream out, String format, Object... values) {
        out.println(String.format(format, values).stripTrailing());
    }

    /** One run's cells of a table row, as printed. */
    private record Side(String held, String orphaned, String limit429s, String freed) {
        static final Side EMPTY = new Side("", "", "", "");
    }

    private static Side side(Result result, int i) {
        if (i >= result.rows().size()) {
            return Side.EMPTY;
        }
        Row row = result.rows().get(i);
        String freed = !row.hadOldSession() ? "-" : row.freedAfter() != null ? "after " + seconds(row.freedAfter()) : "still held";
        return new Side(row.held() + "/" + result.limit(), Integer.toString(row.orphaned()),
                Integer.toString(row.limit429s()), freed);
    }

    private static String afterStop(Result result) {
        return result.heldAfterStop() + " held, " + result.danglingAfterStop() + " dangling";
    }

    /** One line: what the two runs show. */
    static String verdict(Result without, Result with) {
        int restarts = with.rows().size() - 1;
        boolean guardHeld = with.limit429s() == 0 && with.maxHeld() <= 1;
        if (guardHeld && without.limit429s() > 0) {
            Duration slowest = with.slowestFree();
            return String.format("Verdict: without the guard the app hit the 429 at restart %d and %d of %d restarts failed;"
                    + " with it, never more than 1 session was held, no 429, each old session freed within %s.",
                    without.first429(), without.limit429s(), restarts, slowest == null ? "-" : seconds(slowest));
        }
        if (guardHeld) {
            return String.format("Verdict: without the guard %d sessions piled up in %d restart%s (the limit is %d: use"
                    + " --restarts %d to see the 429); with it, never more than 1.", without.maxHeld(), restarts,
                    restarts == 1 ? "" : "s", without.limit(), without.limit());
        }
        return String.format("Verdict: the guard did NOT keep the app to one session (%d held at most, %d 429s);"
                + " see the app log %s", with.maxHeld(), with.limit429s(), with.log());
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
