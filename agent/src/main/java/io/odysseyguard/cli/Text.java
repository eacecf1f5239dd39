package io.odysseyguard.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command's output for people: one headline per JVM, then a table of its sessions. */
final class Text {
    private Text() {
    }

    /**
     * <pre>
     * pid 4242 (com.acme.Main): running, 2 sessions, watchdog pid 4250
     *   SESSION   AGE     OWNER  OPENED AT
     *   3f9c2a1b  1m05s   app    com.acme.Video.start(Video.java:42) &lt;- com.acme.Main.main(Main.java:9)
     * </pre>
     * A blank line between JVMs; a {@code RESULT} column when the sessions have results.
     */
    static void write(PrintWriter out, List<JvmReport> jvms, long nowMillis) {
        for (int i = 0; i < jvms.size(); i++) {
            if (i > 0) {
                out.println();
            }
            JvmReport jvm = jvms.get(i);
            out.println("pid " + jvm.jvm().pid() + " (" + jvm.jvm().mainClass() + "): " + jvm.headline());
            table(out, jvm.sessions(), nowMillis);
        }
        out.flush();
    }

    private static void table(PrintWriter out, List<JvmReport.Line> sessions, long nowMillis) {
        boolean results = sessions.stream().anyMatch(l -> l.result() != null);
        List<String[]> rows = new ArrayList<>();
        rows.add(results ? new String[] {"SESSION", "RESULT", "AGE", "OWNER", "OPENED AT"}
                : new String[] {"SESSION", "AGE", "OWNER", "OPENED AT"});
        for (JvmReport.Line l : sessions) {
            String age = age(Duration.ofMillis(nowMillis - l.session().openedAtMillis()));
            rows.add(results ? new String[] {l.session().shortId(), resultText(l), age, l.session().owner(), l.session().site()}
                    : new String[] {l.session().shortId(), age, l.session().owner(), l.session().site()});
        }
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                b.append(row[c]);
                if (c < columns - 1) {
                    b.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }

    private static String resultText(JvmReport.Line l) {
        return l.detail() == null ? l.result() : l.result() + " (" + l.detail() + ")";
    }

    /** {@code 45s}, {@code 12m05s}, {@code 3h04m}, {@code 2d03h}; a negative age (clocks) is {@code 0s}. */
    static String age(Duration age) {
        long s = Math.max(0, age.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + two(s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + two(s % 3600 / 60) + "m";
        }
        return s / 86_400 + "d" + two(s % 86_400 / 3600) + "h";
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /** {@code 1 Odyssey session}, {@code 3 Odyssey sessions}. */
    static String sessions(int n) {
        return n + (n == 1 ? " Odyssey session" : " Odyssey sessions");
    }
}
