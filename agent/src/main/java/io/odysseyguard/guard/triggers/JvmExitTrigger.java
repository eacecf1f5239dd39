package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.reported.ReleaseReport;
import io.odysseyguard.guard.tracked.Tracker;

/**
 * JVM exit (main returned, {@code System.exit}, SIGINT, SIGTERM): a shutdown hook releases everything still open,
 * waiting at most the release timeout and never longer than the exit budget; then the session watch settles up (says
 * goodbye to the watchdog, clears the journal).
 */
public final class JvmExitTrigger implements Runnable {
    static final String PHRASE = "at JVM exit";

    private final long exitBudgetMillis;

    private JvmExitTrigger(long exitBudgetMillis) {
        this.exitBudgetMillis = exitBudgetMillis;
    }

    /** Registers the shutdown hook; called once when the agent installs the guard. */
    public static void register(long exitBudgetMillis) {
        Runtime.getRuntime().addShutdownHook(
                Releaser.detachedThread(new JvmExitTrigger(exitBudgetMillis), "odyssey-guard-exit"));
    }

    /** At exit: nothing to do in most JVMs, so that path loads and spins nothing (no lambdas in this class). */
    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            if (!Tracker.isEmpty()) {
                long wait = Math.min(Releaser.releaseTimeoutMillis(), exitBudgetMillis);
                ReleaseReport.print(PHRASE, Releaser.release(Tracker.claim(Tracker.ALL), wait), wait);
            }
        } catch (Throwable t) {
            // a shutdown hook must not fail the exit; nothing else to do this late
        }
        long spentMillis = (System.nanoTime() - start) / 1_000_000;
        Tracker.exiting(Math.max(100, exitBudgetMillis - spentMillis));
    }
}
