package io.odysseyguard.benchmarks.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link ReleaseLatencyBenchmark} prints: the machine and its load at the start and the end (figures taken on a
 * loaded machine are an upper bound), a line per trigger and number of connections, and the JVM exit lines. Figures
 * are p50 and p99 (nearest rank), min and max, in milliseconds.
 */
final class LatencyReport {

    private LatencyReport() {
    }

    static void start(LatencyOptions options) {
        System.out.printf(Locale.ROOT, "child JVMs: %s; agent %s%s; %d CPUs; load average at start: %s%n",
                options.java() == null ? "this JVM's java (" + System.getProperty("java.version") + ")" : options.java(),
                options.agent(), options.agentOptions() == null ? "" : "=" + options.agentOptions(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
    }

    static void end() {
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    static void everyRunFailed(String trigger, int n, int runs) {
        System.out.printf(Locale.ROOT, "%-8s %3d connection%s: every one of %d runs failed%n", trigger, n,
                n == 1 ? " " : "s", runs);
    }

    /**
     * One trigger with {@code n} connections: the slowest session of each counted run ("slot freed for all"), every
     * session of them, and when {@code close()} returned (the loader's only).
     */
    static void trigger(String trigger, int n, int runs, int failed, List<Long> slowest, List<Long> all,
                        List<Long> closeReturned) {
        System.out.printf(Locale.ROOT, "%-8s %3d connection%s, %2d runs%s: slot freed for all %s | per session (%d) %s%s%n",
                trigger, n, n == 1 ? " " : "s", runs - failed, failed == 0 ? "" : " (" + failed + " FAILED, not counted)",
                stats(slowest), all.size(), stats(all),
                closeReturned.isEmpty() ? "" : " | close() returned after " + stats(closeReturned));
    }

    /** JVM exit with {@code n} connections open against none open, and the medians against the goal. */
    static void exitWallTime(int n, int pairs, List<Long> open, List<Long> none, List<Long> bare) {
        double mOpen = median(open) / 1000.0;
        double mNone = median(none) / 1000.0;
        double budget = 1.1 * mNone + 250;
        System.out.printf(Locale.ROOT, "JVM exit (System.exit to process end), %d pairs: %d open %s | none open %s%n",
                pairs, n, stats(open), stats(none));
        System.out.printf(Locale.ROOT, "  the same JVM without the agent, none open: %s%n", stats(bare));
        System.out.printf(Locale.ROOT, "  medians %.1f ms vs %.1f ms: ratio %.2f, +%.1f ms; goal <= 1.1x + 250 ms = %.1f ms: %s%n",
                mOpen, mNone, mOpen / mNone, mOpen - mNone, budget, mOpen <= budget ? "met" : "MISSED");
    }

    /** p50 / p99 (nearest rank), min-max, in milliseconds. */
    private static String stats(List<Long> micros) {
        long[] s = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (min %.1f, max %.1f)", rank(s, 0.50) / 1000.0,
                rank(s, 0.99) / 1000.0, s[0] / 1000.0, s[s.length - 1] / 1000.0);
    }

    private static long rank(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double median(List<Long> values) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
