package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one session a client holds at a time, from {@link #connect()} to {@link #disconnect()} or the server's close.
 *
 * <p>{@code connect()} calls are serialized; {@code disconnect()} makes a running one give up: every disconnect bumps
 * {@link #epoch}, and a connect that sees the epoch change ends the session it was granted (through {@link #lost})
 * instead of opening it. The disconnect waits for that only within its close budget.
 * Who holds the session changes only under {@link #stateLock}, which is never held during I/O.
 */
final class Connection {

    /** Logged as the client itself: that is the name applications configure. */
    private static final System.Logger LOG = System.getLogger(OdysseyClient.class.getName());

    private final OdysseyApi api;
    private final RegionLatencies regions;
    private final SessionRequests sessions;
    private final HttpClient http;
    private final Duration keepaliveInterval;
    private final Duration queueTimeout;
    private final Duration requestTimeout;
    private final Secrets secrets;
    private final Streams streams;
    private final SafeListener listener;
    private final SessionEvents events;
    /** Sessions whose socket was lost, or whose close the server never answered: ended from their credentials. */
    private final LostSessions lost;

    private final ReentrantLock connectLock = new ReentrantLock();
    /** Guards {@link #session} changes and {@link #epoch}; never held while doing I/O. */
    private final Object stateLock = new Object();
    /** Bumped by every disconnect(); a connect() that sees it change gives up its new session. */
    private long epoch;
    private volatile SignalingSession session;
    /** Sessions no longer current whose graceful close runs now; guarded by itself. */
    private final List<SessionCredentials> closesRunning = new ArrayList<>(1);

    /**
     * @param client the client this connection belongs to. A session's events, and through them its keepalive thread,
     *               hold it: a connected client stays reachable even when the application has dropped it, so a weak
     *               registry (the Odyssey Guard agent's) can still find it and disconnect it.
     */
    Connection(OdysseyClient client, OdysseyApi api, HttpClient http, Secrets secrets, Duration keepaliveInterval,
               Duration queueTimeout, Duration requestTimeout, Streams streams, SafeListener listener,
               KeyedSessionCloser closer) {
        this.api = api;
        this.regions = new RegionLatencies(api, http);
        this.sessions = new SessionRequests(api, secrets);
        this.http = http;
        this.keepaliveInterval = keepaliveInterval;
        this.queueTimeout = queueTimeout;
        this.requestTimeout = requestTimeout;
        this.secrets = secrets;
        this.streams = streams;
        this.listener = listener;
        this.events = new SessionEvents(client);
        this.lost = new LostSessions(client, closer);
    }

    /** See {@link OdysseyClient#connect()}. */
    void connect() {
        long myEpoch;
        synchronized (stateLock) {
            myEpoch = epoch; // before the lock: a disconnect() while this waits for it makes it give up, too
        }
        connectLock.lock();
        try {
            if (isConnected()) {
                return;
            }
            if (abandoned(myEpoch)) {
                throw abandonedError();
            }
            api.accessToken(); // fail fast on a bad key or an unreachable API (cached afterwards)
            Map<String, Long> latencies = measureRegionLatencies();
            if (abandoned(myEpoch)) {
                throw abandonedError(); // before a session is requested: nothing to end
            }
            SessionRequests.SessionGrant grant = sessions.request(latencies, queueTimeout, () -> abandoned(myEpoch));
            // From the grant on the service holds the session (and counts it): every way out of here ends it.
            SessionCredentials granted = sessions.credentials(grant);
            if (abandoned(myEpoch)) {
                lost.add(granted); // the disconnect() that abandoned it ends it (it waits for this connect)
                throw abandonedError();
            }
            SignalingSession opened;
            try {
                opened = SignalingSession.open(http, granted, requestTimeout, events, secrets);
            } catch (RuntimeException | Error e) {
                lost.add(granted); // the socket never opened: the service keeps the session until its connect timeout
                throw e;
            }
            boolean published;
            synchronized (stateLock) {
                published = epoch == myEpoch && opened.isOpen();
                if (published) {
                    opened.startKeepalive(keepaliveInterval, sessions::token);
                    streams.sessionStarted();
                    session = opened;
                }
            }
            if (!published) {
                closeStarts(opened);
                closeOrKeep(opened);
                throw abandonedError();
            }
            LOG.log(System.Logger.Level.DEBUG, "Odyssey session {0} connected (region {1})", grant.sessionId(), grant.region());
            listener.tell(l -> l.onConnected(grant.sessionId()));
        } finally {
            connectLock.unlock();
        }
    }

    /** See {@link OdysseyClient#disconnect()}. */
    void disconnect() {
        try {
            long start = System.nanoTime();
            SignalingSession closing;
            synchronized (stateLock) {
                epoch++;
                closing = session;
                session = null;
                if (closing != null) {
                    closeStarts(closing); // in the same step as it stops being current: never readable nowhere
                }
            }
            if (closing != null) {
                boolean answered = closeOrKeep(closing);
                if (!answered) {
                    LOG.log(System.Logger.Level.INFO, "Odyssey session {0}: the server did not answer the client''s "
                            + "close (the connection was lost); the client ends the session from its credentials",
                            closing.sessionId());
                }
                streams.sessionEnded("the client disconnected");
                LOG.log(System.Logger.Level.DEBUG, "Odyssey session {0} disconnected", closing.sessionId());
                if (answered) {
                    listener.tell(l -> l.onDisconnected(1000, "Client disconnect", false));
                } else { // not a graceful close the server took: say so, as onClosed does for a lost socket
                    listener.tell(l -> l.onDisconnected(1006, "connection lost; the session is being ended", false));
                }
            }
            awaitConnectGivenUp(start);
            awaitClosesDone(start);
            if (!lost.isEmpty()) {
                // Within the same budget as a graceful close; what does not fit is left to the retry thread.
                lost.endNow(SignalingSession.CLOSE_BUDGET.minusNanos(System.nanoTime() - start));
            }
        } catch (Throwable t) {
            // The guard calls this reflectively at JVM exit: nothing may escape.
            try {
                LOG.log(System.Logger.Level.WARNING, "disconnect() failed: {0}", t.getClass().getName());
            } catch (Throwable ignored) {
                // logging may already be shut down
            }
        }
    }

    /** Lists {@code s} among the sessions whose close runs; {@link #closeOrKeep} takes it off. */
    private void closeStarts(SignalingSession s) {
        synchronized (closesRunning) {
            closesRunning.add(s.credentials());
        }
    }

    /**
     * Closes {@code s} gracefully (listed by {@link #closeStarts} first); when the server does not answer (the close
     * frames may never have reached it, so it may hold the session, dangling), the session goes to the lost ones, which
     * end it from its credentials. While the close runs its credentials stay readable among {@link #lostCredentials()}:
     * from the moment the session stops being the current one until it is closed or lost, someone reading the client
     * (the Odyssey Guard agent's watchdog, which must outlive a kill in between) still finds it.
     */
    private boolean closeOrKeep(SignalingSession s) {
        try {
            boolean answered = s.close();
            if (!answered) {
                lost.add(s.credentials());
            }
            return answered;
        } finally {
            synchronized (closesRunning) {
                // By id: a token renewed since closeStarts listed it is other credentials of the same session.
                closesRunning.removeIf(c -> c.sessionId().equals(s.sessionId()));
                closesRunning.notifyAll();
            }
        }
    }

    /**
     * Waits, within what is left of the close budget, for a close another thread's disconnect() runs (two disconnects
     * racing: the second returns once the session is closed or lost, as the first does).
     */
    private void awaitClosesDone(long startNanos) {
        long deadline = startNanos + SignalingSession.CLOSE_BUDGET.toNanos();
        synchronized (closesRunning) {
            while (!closesRunning.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    closesRunning.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Waits, within what is left of the close budget, for a {@code connect()} running on another thread to give up (the
     * epoch changed): a session it was granted is then among the lost ones, which this disconnect ends. Without the
     * wait, a JVM that exits during a connect (the Odyssey Guard agent disconnects its clients at exit) would leave
     * that session to the service's connect timeout. Returns at once when no connect runs, or on the connecting thread.
     */
    private void awaitConnectGivenUp(long startNanos) {
        long left = SignalingSession.CLOSE_BUDGET.toNanos() - (System.nanoTime() - startNanos);
        try {
            if (left > 0 && connectLock.tryLock(left, TimeUnit.NANOSECONDS)) {
                connectLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isConnected() {
        SignalingSession current = session;
        return current != null && current.isOpen();
    }

    /** The current session's id, or null. */
    String sessionId() {
        SignalingSession current = session;
        return current == null ? null : current.sessionId();
    }

    /** The current session's credentials, or null. */
    SessionCredentials credentials() {
        SignalingSession current = session;
        return current == null ? null : current.credentials();
    }

    /**
     * The credentials of the sessions lost and not yet ended (see {@link LostSessions}), and of those whose close runs
     * right now (see {@link #closeOrKeep}); empty when none.
     */
    List<SessionCredentials> lostCredentials() {
        List<SessionCredentials> all = lost.credentials();
        synchronized (closesRunning) {
            if (closesRunning.isEmpty()) {
                return all;
            }
            List<SessionCredentials> more = new ArrayList<>(all);
            for (SessionCredentials c : closesRunning) {
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

    /** The current session, for a stream operation. */
    SignalingSession requireSession() {
        SignalingSession current = session;
        if (current == null || !current.isOpen()) {
            throw new OdysseyStreamException("not_connected", "not connected; call connect() first");
        }
        return current;
    }

    private Map<String, Long> measureRegionLatencies() {
        try {
            return regions.ping(regions.regions());
        } catch (OdysseyAuthenticationException | OdysseyUsageException e) {
            throw e; // the session request would fail the same way
        } catch (OdysseyException e) {
            LOG.log(System.Logger.Level.DEBUG, "region discovery failed, letting the server choose: {0}", e.getMessage());
            return Map.of();
        }
    }

    private boolean abandoned(long myEpoch) {
        synchronized (stateLock) {
            return epoch != myEpoch;
        }
    }

    private static OdysseyException abandonedError() {
        return new OdysseyException("connect() was abandoned: disconnect() was called while connecting");
    }

    /** WebSocket close code for a connection that ended without a close frame (RFC 6455 7.4.1). */
    static final int CONNECTION_LOST = 1006;

    /** The server closed the socket, or the network failed; after our own disconnect() there is nothing left to do. */
    private void onClosed(SignalingSession closed, int code, String reason, boolean byServer) {
        boolean wasCurrent;
        synchronized (stateLock) {
            wasCurrent = session == closed;
            if (wasCurrent) {
                if (code == CONNECTION_LOST) {
                    lost.add(closed.credentials()); // before it stops being current: never readable nowhere
                }
                session = null;
            }
        }
        closed.stopKeepalive();
        if (!wasCurrent) {
            return; // our own disconnect() already cleaned up and told the listener
        }
        streams.sessionEnded("the connection closed (" + code + ")");
        String safeReason = secrets.redact(reason);
        if (code == CONNECTION_LOST) {
            // No close frame: the network dropped the socket, and the server keeps the session for us to come back.
            LOG.log(System.Logger.Level.INFO, "Odyssey session {0}: its connection was lost; the client ends the "
                    + "session from its credentials once the service answers", closed.sessionId());
        } else {
            LOG.log(System.Logger.Level.INFO, "Odyssey session {0} was closed by the server: {1} {2}",
                    closed.sessionId(), String.valueOf(code), safeReason);
        }
        listener.tell(l -> l.onDisconnected(code, safeReason, byServer));
    }

    /** Passes the current session's events on; holds the client (see the constructor). */
    private final class SessionEvents implements SignalingSession.Events {
        @SuppressWarnings("unused") // held, never read: see the constructor
        private final OdysseyClient client;

        SessionEvents(OdysseyClient client) {
            this.client = client;
        }

        @Override
        public void onMessage(SignalingSession from, String type, JsonNode message) {
            if (from == session) {
                streams.onMessage(type, message);
            }
        }

        @Override
        public void onClosed(SignalingSession from, int code, String reason, boolean byServer) {
            Connection.this.onClosed(from, code, reason, byServer);
        }
    }
}
