package io.odysseyguard.benchmarks.fire;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What is checked after every batch, while no operation is in flight: the server still serves a known-good request;
 * {@code GET /usage} counts exactly the sessions the ledger holds open; and no server log line written since the last
 * check holds a secret.
 */
public final class Checkpoint {

    /** How long a count that differs is polled again before it is a failure (a close still on the wire). */
    private static final long SETTLE_MILLIS = 2000;

    private final FireContext context;
    private final ServerLog log;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong settledLate = new AtomicLong();
    private final AtomicLong logLinesScanned = new AtomicLong();

    public Checkpoint(FireContext context, ServerLog log) {
        this.context = context;
        this.log = log;
    }

    /** Runs every check once; {@code where} names the batch in a failure. */
    public void check(String where) {
        checks.incrementAndGet();
        if (!context.client.knownGoodSucceeds(FireContext.FUZZ_KEY)) {
            context.failures.record(FailureKind.SERVER_DOWN, where);
        }
        countsEqualTheTruth(where);
        scanLog(where);
    }

    /** {@code concurrent_sessions} against opens minus closes; a difference is polled briefly before it counts. */
    public boolean countsEqualTheTruth(String where) {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        boolean first = true;
        while (true) {
            long expected = context.ledger.expectedConcurrent();
            int actual;
            try {
                actual = context.client.concurrentSessions();
            } catch (RuntimeException e) {
                context.failures.record(FailureKind.SERVER_DOWN, where + ": GET /usage failed");
                return false;
            }
            if (actual == expected) {
                if (!first) {
                    settledLate.incrementAndGet();
                }
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                context.failures.record(FailureKind.COUNT_MISMATCH, where + ": concurrent_sessions " + actual
                        + ", opens minus closes " + expected);
                return false;
            }
            first = false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public void scanLog(String where) {
        for (String line : log.newLines()) {
            logLinesScanned.incrementAndGet();
            if (context.secrets.leaksIn(line)) {
                context.failures.record(FailureKind.SECRET_IN_LOG, where + ": " + context.secrets.redact(line));
            }
        }
    }

    public long checks() {
        return checks.get();
    }

    /** Checks whose count matched only after a short wait (informational: a close still being processed). */
    public long settledLate() {
        return settledLate.get();
    }

    public long logLinesScanned() {
        return logLinesScanned.get();
    }
}
