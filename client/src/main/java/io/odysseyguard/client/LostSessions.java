package io.odysseyguard.client;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions of one client whose signaling socket was lost (the network dropped it: 1006, no close frame) or whose
 * graceful close the server never answered. The service still holds such a session (it keeps a dangling session for
 * its client to come back) until its heartbeat reaping, minutes later; so the client ends it from its credentials, the
 * way {@link OdysseyClient#closeSession} does, once the service answers: on a daemon thread
 * {@code odyssey-lost-session-N}, tried again with a growing pause while the service is out of reach or still sees the
 * old socket, for at most {@link #RETRY_WINDOW} after the loss (the service reaps it by then anyway). An expired token
 * is renewed with the client's key first. {@link #endNow} makes one attempt on the caller's thread (a
 * {@code disconnect()}).
 *
 * <p>Their credentials stay readable ({@link OdysseyClient#lostSessionCredentials()}) until each is ended or given up:
 * the Odyssey Guard agent keeps them in its watchdog and journal meanwhile, so a JVM exit or kill does not lose them.
 * While its thread runs it holds the client (through {@code owner}), as the keepalive thread does for a connected one,
 * so a weak registry still finds it.
 *
 * <p>Logs the session id only, never a token.
 */
final class LostSessions {

    /** How long after the loss the client keeps trying; the service's stale-session reaping is "within a few minutes". */
    static final Duration RETRY_WINDOW = Duration.ofMinutes(5);
    static final long FIRST_PAUSE_MILLIS = 250;
    // At most this long after the service is back the slot is freed; a try is one socket opening.
    static final long MAX_PAUSE_MILLIS = 2_000;

    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());
    private static final java.util.concurrent.atomic.AtomicInteger THREAD_NUMBER =
            new java.util.concurrent.atomic.AtomicInteger(1);

    @SuppressWarnings("unused") // held, never read: the retry thread runs on this object, and so holds the client
    private final Object owner;
    private final KeyedSessionCloser closer;
    /** By session id: the latest credentials and when to give up. Guarded by {@code this}. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private Thread retrier;

    private record Pending(SessionCredentials credentials, long giveUpAtNanos) {
    }

    /**
     * @param owner  the client, held by the retry thread while it runs
     * @param closer ends a session from its credentials, renewing an expired token with the client's key
     */
    LostSessions(Object owner, KeyedSessionCloser closer) {
        this.owner = owner;
        this.closer = closer;
    }

    /** A session the server may still hold although this client no longer has its socket: end it from now on. */
    void add(SessionCredentials credentials) {
        synchronized (this) {
            pending.putIfAbsent(credentials.sessionId(),
                    new Pending(credentials, System.nanoTime() + RETRY_WINDOW.toNanos()));
            if (retrier == null) {
                Thread t = new Thread(this::retry, "odyssey-lost-session-" + THREAD_NUMBER.getAndIncrement());
                t.setDaemon(true);
                retrier = t;
                t.start();
            } else {
                notifyAll();
            }
        }
    }

    /** Their credentials, oldest loss first; empty when none is left. */
    synchronized List<SessionCredentials> credentials() {
        List<SessionCredentials> out = new ArrayList<>(pending.size());
        for (Pending p : pending.values()) {
            out.add(p.credentials());
        }
        return out;
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * One attempt at each, on the caller's thread, each within what is left of {@code budget} (without renewing a
     * token: that is the retry thread's job). Never throws.
     */
    void endNow(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (SessionCredentials c : credentials()) {
            long left = deadline - System.nanoTime();
            if (left < Duration.ofMillis(50).toNanos()) {
                return; // the retry thread goes on
            }
            settle(c, closer.closeOnce(c, Duration.ofNanos(left)));
        }
    }

    private void retry() {
        long pause = FIRST_PAUSE_MILLIS;
        try {
            while (true) {
                List<SessionCredentials> now;
                synchronized (this) {
                    giveUpExpired();
                    if (pending.isEmpty()) {
                        retrier = null;
                        return;
                    }
                    now = credentials();
                }
                for (SessionCredentials c : now) {
                    settle(c, closer.close(c));
                }
                synchronized (this) {
                    if (pending.isEmpty()) {
                        retrier = null;
                        return;
                    }
                    wait(pause);
                }
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                retrier = null;
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                retrier = null;
            }
            LOG.log(System.Logger.Level.DEBUG, "ending lost Odyssey sessions failed: {0}", e.getClass().getName());
        }
    }

    /** Takes {@code result} of a close of {@code c}: done (closed, or the service no longer holds it), or try again. */
    private void settle(SessionCredentials c, SessionCloser.Result result) {
        boolean done = result.closed() || (result.status() == SessionCloser.Status.REFUSED
                && !stillConnected(result.detail()));
        if (!done) {
            LOG.log(System.Logger.Level.DEBUG, "lost Odyssey session {0} not ended yet, trying again: {1} {2}",
                    c.sessionId(), result.status(), result.detail());
            return;
        }
        synchronized (this) {
            if (pending.remove(c.sessionId()) == null) {
                return; // another attempt was first
            }
        }
        if (result.closed()) {
            LOG.log(System.Logger.Level.INFO, "Odyssey session {0}, whose connection was lost, ended by the client",
                    c.sessionId());
        } else {
            LOG.log(System.Logger.Level.INFO, "Odyssey session {0}, whose connection was lost, is no longer held by "
                    + "the service: {1}", c.sessionId(), result.detail());
        }
    }

    /** The service has not yet seen the lost socket end ("session already has a connected client"). */
    private static boolean stillConnected(String detail) {
        return detail != null && detail.contains("already");
    }

    private void giveUpExpired() {
        long now = System.nanoTime();
        pending.values().removeIf(p -> {
            if (now - p.giveUpAtNanos() < 0) {
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "gave up ending Odyssey session {0}, whose connection was lost: the "
                    + "service did not take its close within {1} s; it reaps the session itself", p.credentials()
                    .sessionId(), RETRY_WINDOW.toSeconds());
            return true;
        });
    }
}
