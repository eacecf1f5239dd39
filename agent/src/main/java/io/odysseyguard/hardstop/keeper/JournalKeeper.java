package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The keeper thread: keeps the journal up to date with what the watchdog was last told, and serves the control socket
 * once something is held. Woken by every change (it then only writes what the reporting thread read), and every
 * {@link #REFRESH_MILLIS} it has the connections looked at again (a renewed token, a lost session its client has ended,
 * a connection collected). Started by the first change, on a detached daemon thread.
 *
 * <p>Lock order: its own lock (journal writes; one at a time, from the keeper thread, a status request or the exit)
 * is taken before the state's ({@link Holdings#lock()}), never after, which every way in checks: taking it while
 * holding the state's lock throws {@link IllegalStateException} at once, rather than deadlocking one time in many. So
 * the application's reporting thread, which takes only the state's lock, never waits for a journal write.
 */
final class JournalKeeper {
    static final long REFRESH_MILLIS = 10_000;

    /** What the keeper keeps: the state, under its own lock. */
    interface Holdings {
        /** The state's lock: taken inside the keeper's, never around it. */
        Object lock();

        /** What the watchdog was last told; with {@code lookAgain}, after reading every connection again. */
        Map<Long, HeldSession> held(boolean lookAgain);

        /** Who this JVM is and where its state directory is; null until something was held, or when there is none. */
        Place place();
    }

    /** This JVM's identity and state directory. */
    record Place(JvmIdentity jvm, Path stateDir) {
    }

    private final Holdings holdings;
    private final ControlEndpoint.Guarded guarded;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean started;
    private volatile boolean exiting;

    /** Under {@code this}: the journal and what it was last written with, the control socket. */
    private Journal journal;
    private Map<Long, HeldSession> journaled = Map.of();
    private ControlEndpoint control;
    private boolean controlStarted;

    JournalKeeper(Holdings holdings, ControlEndpoint.Guarded guarded) {
        this.holdings = holdings;
        this.guarded = guarded;
    }

    /** Something changed: the keeper writes it (started now, the first time). Never blocks. */
    void wake() {
        if (!started) {
            startOnce();
        }
        wakeUp.release();
    }

    private synchronized void startOnce() {
        checkLockOrder();
        if (started || exiting) {
            return;
        }
        started = true;
        // Detached: it inherits no context class loader, so it never pins the generation that opened a connection.
        // An anonymous class, no lambda: this runs on the application's connecting thread.
        DetachedThreads.of(new Runnable() {
            @Override
            public void run() {
                keep();
            }
        }, "odyssey-guard-keeper").start();
    }

    private void keep() {
        // Not looking at once: the thread that started this has just read the connections. Then every REFRESH_MILLIS.
        boolean look = false;
        while (!exiting) {
            try {
                sync(look);
                look = !wakeUp.tryAcquire(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Reporter.debug("keeping the held sessions failed: " + t.getClass().getName());
            }
        }
    }

    /**
     * Brings the journal up to date with what the watchdog was last told; with {@code look}, has the connections read
     * again first; serves the control socket once something is held.
     */
    synchronized void sync(boolean look) throws IOException {
        checkLockOrder();
        Map<Long, HeldSession> now = holdings.held(look);
        Place place = holdings.place();
        if (place == null) {
            return; // nothing held yet, or no state directory
        }
        if (journal == null) {
            journal = new Journal(place.stateDir());
        }
        if (!now.isEmpty() && !controlStarted) {
            controlStarted = true;
            control = ControlEndpoint.serve(place.stateDir(), place.jvm(), guarded);
        }
        if (!SessionLedger.sameSessions(now, journaled)) {
            journal.write(place.jvm(), new ArrayList<>(now.values()));
            journaled = now;
        }
    }

    /** The keeper's lock is never taken inside the state's (which would deadlock against a sync). */
    private void checkLockOrder() {
        if (Thread.holdsLock(holdings.lock())) {
            throw new IllegalStateException("the keeper's lock taken inside the state's");
        }
    }

    /**
     * The JVM exits cleanly and the exit trigger released what it could: the keeper stops, and {@code settle} (the
     * journal brought up to date, the watchdog's goodbye, the control socket closed) runs within {@code budgetMillis}.
     */
    void exit(long budgetMillis, Runnable goodbye) {
        exiting = true;
        if (!started) {
            return;
        }
        wakeUp.release();
        // The keeper thread may be in a sync; the settling waits for it, within the budget.
        DetachedThreads.runWithin(new Runnable() {
            @Override
            public void run() {
                settle(goodbye);
            }
        }, "odyssey-guard-keeper-exit", budgetMillis);
    }

    private synchronized void settle(Runnable goodbye) {
        checkLockOrder();
        try {
            sync(true);
        } catch (Throwable t) {
            // the watchdog still closes what it remembers
        }
        goodbye.run();
        if (control != null) {
            control.close();
        }
    }
}
