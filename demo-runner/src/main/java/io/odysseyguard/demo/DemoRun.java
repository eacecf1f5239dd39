package io.odysseyguard.demo;

import io.odysseyguard.demo.AppProcess.Generation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One run of the demo: the sample started once and restarted {@code restarts} times by DevTools, with or without the
 * guard, measured on the local server after every generation; then stopped as Ctrl+C stops it.
 */
final class DemoRun {
    private static final Duration GENERATION_TIMEOUT = Duration.ofSeconds(120);
    /** A touch DevTools has not acted on within this long is repeated (a busy machine, a watcher just starting). */
    private static final Duration RETOUCH = Duration.ofSeconds(20);
    /** How long to wait for the discarded generation's session to be closed before calling it "still held". */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    /**
     * The state after one generation started.
     *
     * @param restart    0 for the first start
     * @param held       sessions counting against the key's limit
     * @param orphaned   of those, sessions no running generation uses
     * @param limit429s  how many generations so far got the 429
     * @param freedAfter from the class change until the previous generation's session was closed; null if it still
     *                   counts, or there was none ({@code hadOldSession})
     */
    record Row(int restart, Generation generation, int held, int orphaned, int limit429s, boolean hadOldSession,
               Duration freedAfter) {
    }

    /** A whole run. {@code heldAfterStop}/{@code danglingAfterStop}: once the app's JVM has exited. */
    record Result(boolean guarded, int limit, List<Row> rows, int heldAfterStop, long danglingAfterStop,
                  List<String> guardLines, Path log) {
        int maxHeld() {
            return rows.stream().mapToInt(Row::held).max().orElse(0);
        }

        int limit429s() {
            return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).limit429s();
        }

        /** The first restart whose generation got the 429, or -1. */
        int first429() {
            return rows.stream().filter(r -> r.generation().limitReached()).mapToInt(Row::restart).findFirst().orElse(-1);
        }

        Duration slowestFree() {
            return rows.stream().map(Row::freedAfter).filter(d -> d != null).max(Duration::compareTo).orElse(null);
        }
    }

    private final boolean guarded;
    private final DemoOptions options;
    private final String apiUrl;
    private final String apiKey;
    private final int limit;
    private final PrintStream out;

    DemoRun(boolean guarded, DemoOptions options, String apiUrl, String apiKey, int limit, PrintStream out) {
        this.guarded = guarded;
        this.options = options;
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.limit = limit;
        this.out = out;
    }

    Result run(Path workDir) throws IOException, InterruptedException {
        KeyUsage usage = new KeyUsage(apiUrl, apiKey);
        List<Row> rows = new ArrayList<>();
        AppProcess app = AppProcess.start(options.app(), options.mainClass(), guarded ? options.agent() : null,
                apiUrl, apiKey, workDir);
        if (options.verbose()) {
            out.println("  app log: " + app.log());
        }
        try {
            Generation generation = awaitGeneration(app, 1);
            rows.add(measure(0, generation, null, null, usage, 0));
            progress(rows.get(0));
            for (int restart = 1; restart <= options.restarts(); restart++) {
                String oldSession = generation.sessionId();
                Instant changed = Instant.now();
                app.touchClassFile();
                generation = awaitGeneration(app, restart + 1);
                int limit429s = rows.get(rows.size() - 1).limit429s() + (generation.limitReached() ? 1 : 0);
                rows.add(measure(restart, generation, oldSession, changed, usage, limit429s));
                progress(rows.get(rows.size() - 1));
            }
        } finally {
            app.close();
        }
        // after the JVM is gone: whatever the server still counts (unguarded sockets just dropped: dangling)
        KeyUsage.Snapshot end = poll(usage, s -> s.count("connected") == 0 && s.count("requested") == 0, Duration.ofSeconds(5));
        return new Result(guarded, limit, rows, end.held(), end.count("dangling"), app.guardLines(), app.log());
    }

    private Row measure(int restart, Generation generation, String oldSession, Instant changed, KeyUsage usage,
                        int limit429s) throws InterruptedException {
        KeyUsage.Snapshot snapshot = oldSession == null ? usage.snapshot()
                : poll(usage, s -> s.session(oldSession).map(x -> !x.open()).orElse(false), SETTLE);
        Duration freed = null;
        if (oldSession != null) {
            freed = snapshot.session(oldSession).filter(s -> !s.open() && s.closedAt() != null)
                    .map(s -> Duration.between(changed, s.closedAt())).map(d -> d.isNegative() ? Duration.ZERO : d)
                    .orElse(null);
        }
        int orphaned = snapshot.held() - (generation.connected() ? 1 : 0);
        return new Row(restart, generation, snapshot.held(), Math.max(0, orphaned), limit429s, oldSession != null, freed);
    }

    private void progress(Row row) {
        Generation g = row.generation();
        String what = row.restart() == 0 ? "start" : String.format("restart %2d/%d", row.restart(), options.restarts());
        String outcome = g.connected() ? "generation " + g.number() + " connected"
                : g.limitReached() ? "generation " + g.number() + " FAILED: 429 concurrent limit reached"
                : "generation " + g.number() + " failed to start (see the app log)";
        String freed = !row.hadOldSession() ? ""
                : row.freedAfter() != null ? ", old session freed after " + Report.seconds(row.freedAfter())
                : ", old session still held";
        out.printf("  %-13s  %-52s held %d/%d%s%n", what, outcome, row.held(), limit, freed);
        out.flush();
    }

    /** Waits until generation {@code number} has finished starting (connected or failed). */
    private Generation awaitGeneration(AppProcess app, int number) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GENERATION_TIMEOUT.toNanos();
        long retouch = System.nanoTime() + RETOUCH.toNanos();
        while (true) {
            List<Generation> generations = app.generations();
            if (generations.size() >= number && generations.get(number - 1).settled()) {
                // let the failure's cause (written after the "failed" line) and DevTools' file watcher catch up
                Thread.sleep(500);
                return app.generations().get(number - 1);
            }
            if (!app.isAlive()) {
                throw new DemoException("the app exited before generation " + number + " started; its log: " + app.log());
            }
            if (System.nanoTime() > deadline) {
                throw new DemoException("generation " + number + " did not start within "
                        + GENERATION_TIMEOUT.toSeconds() + " s; the app log: " + app.log());
            }
            if (number > 1 && System.nanoTime() > retouch) {
                app.touchClassFile();
                retouch = System.nanoTime() + RETOUCH.toNanos();
            }
            Thread.sleep(100);
        }
    }

    private static KeyUsage.Snapshot poll(KeyUsage usage, Predicate<KeyUsage.Snapshot> done, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        KeyUsage.Snapshot s = usage.snapshot();
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = usage.snapshot();
        }
        return s;
    }
}
