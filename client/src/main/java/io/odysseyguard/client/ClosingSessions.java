package io.odysseyguard.client;

import io.odysseyguard.client.session.SessionCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of one client that are no longer its current one and whose graceful close runs now. While the close
 * runs their credentials stay readable ({@link #lostOrClosing()}): from the moment a session stops being the current
 * one until it is closed or lost, someone reading the client (the Odyssey Guard agent's watchdog, which must outlive a
 * kill in between) still finds it. A close the server does not answer hands the session on to the {@link LostSessions}.
 *
 * <p>The list is guarded by itself, and nothing is called out of this class while it is held. {@link CurrentSession}
 * lists a session while holding its own lock (so its lock comes first); the {@link LostSessions} are only called with
 * the list's lock released.
 */
final class ClosingSessions {

    private final LostSessions lost;
    /** The credentials of the sessions whose close runs now; guarded by itself. */
    private final List<SessionCredentials> running = new ArrayList<>(1);

    ClosingSessions(LostSessions lost) {
        this.lost = lost;
    }

    /** Lists {@code s} among the sessions whose close runs; {@link #close} takes it off. */
    void starts(SignalingSession s) {
        synchronized (running) {
            running.add(s.credentials());
        }
    }

    /**
     * Closes {@code s} gracefully (listed by {@link #starts} first); when the server does not answer (the close frames
     * may never have reached it, so it may hold the session, dangling), the session goes to the lost ones, which end it
     * from its credentials.
     *
     * @return whether the server answered the close
     */
    boolean close(SignalingSession s) {
        try {
            boolean answered = s.close();
            if (!answered) {
                lost.add(s.credentials());
            }
            return answered;
        } finally {
            synchronized (running) {
                // By id: a token renewed since starts() listed it is other credentials of the same session.
                running.removeIf(c -> c.sessionId().equals(s.sessionId()));
                running.notifyAll();
            }
        }
    }

    /**
     * Waits, within what is left of the close budget since {@code startNanos}, for a close another thread's
     * disconnect() runs (two disconnects racing: the second returns once the session is closed or lost, as the first
     * does).
     */
    void awaitDone(long startNanos) {
        long deadline = startNanos + SignalingSession.CLOSE_BUDGET.toNanos();
        synchronized (running) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    running.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * The credentials of the sessions lost and not yet ended (see {@link LostSessions}), and of those whose close runs
     * right now; empty when none.
     */
    List<SessionCredentials> lostOrClosing() {
        List<SessionCredentials> all = lost.credentials();
        synchronized (running) {
            if (running.isEmpty()) {
                return all;
            }
            List<SessionCredentials> more = new ArrayList<>(all);
            for (SessionCredentials c : running) {
                boolean listed = false;
                for (SessionCredentials l : all) {
                    listed |= l.sessionId().equals(c.sessionId());
                }
                if (!listed) {
                    more.add(c);
                }
            }
            return more;
        }
    }
}
