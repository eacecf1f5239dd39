package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one session a client holds at a time, from {@link #connect()} to {@link #disconnect()} or the server's close.
 *
 * <p>{@code connect()} calls are serialized; {@code disconnect()} makes a running one give up: every disconnect bumps
 * the {@link CurrentSession}'s epoch, and a connect that sees the epoch change ends the session it was granted
 * (through {@link #lost}) instead of opening it. The disconnect waits for that only within its close budget.
 *
 * <p>The locks: {@link #connectLock} serializes connects and is taken first; which session is current changes only
 * in {@link CurrentSession}, under its lock, which is never held during I/O; {@link ClosingSessions} and
 * {@link LostSessions} each guard their own list, and are taken after the current session's lock, never before.
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
    /** Sessions no longer current whose graceful close runs now. */
    private final ClosingSessions closing;
    private final CurrentSession current;

    private final ReentrantLock connectLock = new ReentrantLock();

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
        this.closing = new ClosingSessions(lost);
        this.current = new CurrentSession(closing, lost);
    }

    /** See {@link OdysseyClient#connect()}. */
    void connect() {
        long myEpoch = current.epoch(); // before the lock: a disconnect() while this waits for it makes it give up, too
        connectLock.lock();
        try {
            if (isConnected()) {
                return;
            }
            if (current.abandoned(myEpoch)) {
                throw abandonedError();
            }
            api.accessToken(); // fail fast on a bad key or an unreachable API (cached afterwards)
            Map<String, Long> latencies = measureRegionLatencies();
            if (current.abandoned(myEpoch)) {
                throw abandonedError(); // before a session is requested: nothing to end
            }
            SessionRequests.SessionGrant grant =
                    sessions.request(latencies, queueTimeout, () -> current.abandoned(myEpoch));
            // From the grant on the service holds the session (and counts it): every way out of here ends it.
            SessionCredentials granted = sessions.credentials(grant);
            if (current.abandoned(myEpoch)) {
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
            boolean published = current.publish(myEpoch, opened, () -> {
                opened.startKeepalive(keepaliveInterval, sessions::token);
                streams.sessionStarted();
            });
            if (!published) {
                closing.starts(opened);
                closing.close(opened);
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
            SignalingSession taken = current.takeForClose(); // listed among the closing ones in the same step
            if (taken != null) {
                boolean answered = closing.close(taken);
                if (!answered) {
                    LOG.log(System.Logger.Level.INFO, "Odyssey session {0}: the server did not answer the client''s "
                            + "close (the connection was lost); the client ends the session from its credentials",
                            taken.sessionId());
                }
                streams.sessionEnded("the client disconnected");
                LOG.log(System.Logger.Level.DEBUG, "Odyssey session {0} disconnected", taken.sessionId());
                if (answered) {
                    listener.tell(l -> l.onDisconnected(1000, "Client disconnect", false));
                } else { // not a graceful close the server took: say so, as onClosed does for a lost socket
                    listener.tell(l -> l.onDisconnected(1006, "connection lost; the session is being ended", false));
                }
            }
            awaitConnectGivenUp(start);
            closing.awaitDone(start);
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
        SignalingSession now = current.get();
        return now != null && now.isOpen();
    }

    /** The current session's id, or null. */
    String sessionId() {
        SignalingSession now = current.get();
        return now == null ? null : now.sessionId();
    }

    /** The current session's credentials, or null. */
    SessionCredentials credentials() {
        SignalingSession now = current.get();
        return now == null ? null : now.credentials();
    }

    /** The credentials of the sessions lost and not yet ended, and of those whose close runs right now. */
    List<SessionCredentials> lostCredentials() {
        return closing.lostOrClosing();
    }

    /** The current session, for a stream operation. */
    SignalingSession requireSession() {
        SignalingSession now = current.get();
        if (now == null || !now.isOpen()) {
            throw new OdysseyStreamException("not_connected", "not connected; call connect() first");
        }
        return now;
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

    private static OdysseyException abandonedError() {
        return new OdysseyException("connect() was abandoned: disconnect() was called while connecting");
    }

    /** The server closed the socket, or the network failed; after our own disconnect() there is nothing left to do. */
    private void onClosed(SignalingSession closed, int code, String reason, boolean byServer) {
        boolean lostConnection = code == SignalingConnection.CONNECTION_LOST;
        boolean wasCurrent = current.dropClosed(closed, lostConnection); // a lost one is listed among the lost first
        closed.stopKeepalive();
        if (!wasCurrent) {
            return; // our own disconnect() already cleaned up and told the listener
        }
        streams.sessionEnded("the connection closed (" + code + ")");
        String safeReason = secrets.redact(reason);
        if (lostConnection) {
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
            if (from == current.get()) {
                streams.onMessage(type, message);
            }
        }

        @Override
        public void onClosed(SignalingSession from, int code, String reason, boolean byServer) {
            Connection.this.onClosed(from, code, reason, byServer);
        }
    }
}
