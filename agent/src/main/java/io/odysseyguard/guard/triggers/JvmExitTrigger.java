package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.Tracker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * JVM exit (main returned, {@code System.exit}, SIGINT, SIGTERM): the guard goes last. It releases what is still open
 * once the application's own shutdown has run (Spring's context close and its {@code @PreDestroy} methods, Quarkus'
 * shutdown, the application's own shutdown hooks), then the session watch settles up (says goodbye to the watchdog,
 * clears the journal).
 * <ul>
 *   <li>{@link #afterApplicationHooks()}: the agent registers it in a slot of the JDK's own shutdown sequence that runs
 *   once every application shutdown hook has returned (the JVM starts those all at once, in no order, so a hook of our
 *   own could not go after them). It releases what is still open then.</li>
 *   <li>The exit hook, an ordinary application shutdown hook, marks when the exit began and starts the deadline: an
 *   application hook that hangs must not keep the sessions held, so once the exit budget has passed since the exit
 *   began, what is still open is released without waiting for the hooks (the JVM itself still waits for them).</li>
 *   <li>When the agent could not register the slot (a JDK without it; one debug line says why), the exit hook releases
 *   at once, beside the application's hooks.</li>
 * </ul>
 * Every step is bounded: each release waits at most the release timeout and never longer than the exit budget.
 * Nothing to do in most JVMs, so that path loads and spins little (no lambdas in this class).
 */
public final class JvmExitTrigger {
    static final String PHRASE = "at JVM exit";

    private static volatile JvmExitTrigger installed;

    private final long exitBudgetMillis;
    /** Set once the agent registered {@link #afterApplicationHooks()}. */
    private volatile boolean goesLast;
    /** Counted down when the JDK runs the hooks after the application's: the deadline is not needed any more. */
    private final CountDownLatch lastBegan = new CountDownLatch(1);
    /** One release at a time; the watch settles once. */
    private final Object releasing = new Object();
    private boolean settled;

    private JvmExitTrigger(long exitBudgetMillis) {
        this.exitBudgetMillis = exitBudgetMillis;
    }

    /** Registers the exit hook; called once when the agent installs the guard. */
    public static void register(long exitBudgetMillis) {
        JvmExitTrigger trigger = new JvmExitTrigger(exitBudgetMillis);
        Runtime.getRuntime().addShutdownHook(DetachedThreads.of(trigger.new ExitBegins(), "odyssey-guard-exit"));
        installed = trigger;
    }

    /**
     * What the JDK is to run after the application's shutdown hooks (the agent registers it), or null before
     * {@link #register}.
     */
    public static Runnable afterApplicationHooks() {
        JvmExitTrigger t = installed;
        return t == null ? null : t.new AfterApplicationHooks();
    }

    /** The agent registered {@link #afterApplicationHooks()}: from now on the exit hook only starts the deadline. */
    public static void goesLast() {
        JvmExitTrigger t = installed;
        if (t != null) {
            t.goesLast = true;
        }
    }

    /** Releases what is still open and reports it as {@code phrase}, then lets the watch settle (once). */
    private void releaseAndSettle(String phrase) {
        synchronized (releasing) {
            long start = System.nanoTime();
            Release.of(Tracker.ALL, phrase, Math.min(Releaser.releaseTimeoutMillis(), exitBudgetMillis), PHRASE);
            if (!settled) {
                settled = true;
                long spentMillis = (System.nanoTime() - start) / 1_000_000;
                Tracker.exiting(Math.max(100, exitBudgetMillis - spentMillis));
            }
        }
    }

    /** The application shutdown hook: runs when the exit begins, beside the application's own hooks. */
    private final class ExitBegins implements Runnable {
        @Override
        public void run() {
            if (!goesLast) {
                releaseAndSettle(PHRASE);
                return;
            }
            try {
                DetachedThreads.of(new Deadline(), "odyssey-guard-exit-deadline").start();
            } catch (Throwable t) {
                Reporter.debug("could not start the exit deadline: " + t.getClass().getName());
            }
        }
    }

    /** Releases without waiting any longer once the exit budget has passed and the application's hooks still run. */
    private final class Deadline implements Runnable {
        @Override
        public void run() {
            boolean interrupted = false;
            boolean hooksReturned = false;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(exitBudgetMillis);
            while (!hooksReturned) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    hooksReturned = lastBegan.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (!hooksReturned) {
                Reporter.debug("a shutdown hook of the application still ran " + exitBudgetMillis
                        + " ms after the exit began; releasing without waiting for it (exit-budget)");
                releaseAndSettle(PHRASE + " after the " + exitBudgetMillis
                        + " ms exit budget, while a shutdown hook of the application still ran");
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Run by the JDK once every application shutdown hook has returned. */
    private final class AfterApplicationHooks implements Runnable {
        @Override
        public void run() {
            lastBegan.countDown();
            releaseAndSettle(PHRASE);
        }
    }
}
