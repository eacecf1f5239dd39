package io.odysseyguard.localserver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session accounting: who holds which slot, and when the server takes it back.
 *
 * <pre>
 *  request ──► REQUESTED ──socket opens──► CONNECTED ──client_disconnecting / close 1000──► CLOSED (client_disconnect)
 *                 │                          │   ▲
 *                 │ connect timeout          │   │ same token, new socket
 *                 ▼                          ▼   │
 *              CLOSED (connect_timeout)    DANGLING (socket ended any other way) ──no message for the heartbeat timeout──► CLOSED (heartbeat_timeout)
 * </pre>
 *
 * A connected session is also closed (and its socket with it) when it sends nothing for the heartbeat
 * timeout, stays without a stream for the idle timeout, runs one stream past the stream limit, or
 * stays connected past the connection limit. {@link #sweep()} applies the time limits; the scheduler in
 * {@link LocalOdysseyServer} calls it a few times per shortest limit.
 *
 * <p>One lock guards all state; messages to sockets are sent after it is released, so a slow socket
 * never holds up accounting.
 */
final class SessionRegistry {

    /** Closed sessions kept for {@code /usage}; older ones are forgotten. */
    static final int CLOSED_HISTORY = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final ServerConfig config;
    private final RecordingStore recordings;
    private final AtomicLong streamerCounter = new AtomicLong();

    private final Object lock = new Object();
    private final Map<String, Session> open = new LinkedHashMap<>();
    private final Deque<Session> closed = new ArrayDeque<>();
    private final Map<String, Double> finishedStreamSeconds = new HashMap<>();

    SessionRegistry(ServerConfig config, RecordingStore recordings) {
        this.config = config;
        this.recordings = recordings;
    }

    /** What a socket is told when the registry turns it away. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A stream request that does not fit the session's state; the session itself is fine. */
    static final class StreamRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        StreamRejected(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    // ---- REST side -------------------------------------------------------------------------

    /** {@code POST /sessions/request}: reserves a slot, or 429 (limit) / 503 (no streamer free). */
    Session request(String accountId) {
        synchronized (lock) {
            long active = open.values().stream().filter(s -> s.accountId.equals(accountId)).count();
            if (active >= config.concurrencyLimit()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("active_count", active);
                details.put("limit", config.concurrencyLimit());
                throw ApiException.usage("CONCURRENT_LIMIT_REACHED",
                        "You have reached your limit of " + config.concurrencyLimit() + " concurrent sessions.",
                        "Close an existing session or wait for it to time out.", details);
            }
            if (config.streamers() != ServerConfig.UNLIMITED_STREAMERS && open.size() >= config.streamers()) {
                throw ApiException.of(503, "No streamers available");
            }
            Session session = new Session(UUID.randomUUID().toString(), accountId,
                    "local-streamer-" + streamerCounter.incrementAndGet(), Instant.now());
            open.put(session.id, session);
            LOG.info("session {} requested", session.id);
            return session;
        }
    }

    /** For {@code POST /sessions/token}: is this an open session of this account? */
    boolean isOpenFor(String sessionId, String accountId) {
        synchronized (lock) {
            Session session = open.get(sessionId);
            return session != null && session.accountId.equals(accountId);
        }
    }

    // ---- signaling side --------------------------------------------------------------------

    /** A socket with a valid token opened: attach it, or reject it (the first socket keeps the session). */
    void attach(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = open.get(sessionId);
            if (session == null) {
                throw new Rejected(isInHistory(sessionId) ? "session closed" : "unknown session");
            }
            if (session.state == SessionState.CONNECTED) {
                throw new Rejected("session already has a connected client");
            }
            Instant now = Instant.now();
            session.state = SessionState.CONNECTED;
            session.link = link;
            session.lastActivity = now;
            session.idleSince = now;
            if (session.connectedAt == null) {
                session.connectedAt = now;
            }
            LOG.info("session {} connected", sessionId);
        }
    }

    /** Any message from the attached socket counts as a heartbeat. Returns false for a socket not (or no longer) attached. */
    boolean touch(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = attached(sessionId, link);
            if (session == null) {
                return false;
            }
            session.lastActivity = Instant.now();
            return true;
        }
    }

    /** {@code interactive_stream_start}: the new stream's id. */
    String startStream(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = requireAttached(sessionId, link);
            if (session.streamId != null) {
                throw new StreamRejected("stream_already_active", "A stream is already running in this session");
            }
            Instant now = Instant.now();
            session.streamId = UUID.randomUUID().toString();
            session.streamStartedAt = now;
            session.idleSince = null;
            recordings.started(session.streamId, session.accountId, now);
            LOG.info("session {} started stream {}", sessionId, session.streamId);
            return session.streamId;
        }
    }

    /** {@code update}: only valid while a stream runs. */
    void requireStream(String sessionId, SocketLink link) {
        synchronized (lock) {
            if (requireAttached(sessionId, link).streamId == null) {
                throw new StreamRejected("no_active_stream", "No stream is running in this session");
            }
        }
    }

    /** {@code interactive_stream_end}: the ended stream's id. */
    String endStream(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = requireAttached(sessionId, link);
            if (session.streamId == null) {
                throw new StreamRejected("no_active_stream", "No stream is running in this session");
            }
            String streamId = session.streamId;
            Instant now = Instant.now();
            finishStream(session, now);
            session.idleSince = now;
            return streamId;
        }
    }

    /** {@code client_disconnecting}: the session is released now; the client closes the socket next. */
    void clientDisconnecting(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = attached(sessionId, link);
            if (session != null) {
                closeLocked(session, CloseReason.CLIENT_DISCONNECT, Instant.now());
            }
        }
    }

    /**
     * The socket ended. Code 1000 is a graceful close and releases the session; anything else (1001,
     * 1006 for a dropped TCP connection, ...) leaves it dangling until its heartbeat times out.
     */
    void socketClosed(String sessionId, SocketLink link, int code) {
        synchronized (lock) {
            Session session = attached(sessionId, link);
            if (session == null) {
                return;
            }
            Instant now = Instant.now();
            if (code == 1000) {
                closeLocked(session, CloseReason.CLIENT_DISCONNECT, now);
                return;
            }
            // The client went away: its stream cannot go on, but the slot stays taken (it might come back).
            if (session.streamId != null) {
                finishStream(session, now);
            }
            session.state = SessionState.DANGLING;
            session.link = null;
            session.idleSince = null;
            LOG.info("session {} dangling (socket ended with code {})", sessionId, code);
        }
    }

    // ---- time limits -----------------------------------------------------------------------

    /** Applies every time limit once; called periodically. */
    void sweep() {
        List<Runnable> socketActions = new ArrayList<>();
        synchronized (lock) {
            Instant now = Instant.now();
            for (Session session : List.copyOf(open.values())) {
                CloseReason reason = expiredReason(session, now);
                if (reason == null) {
                    continue;
                }
                SocketLink link = session.link;
                if (link != null) {
                    if (reason == CloseReason.STREAM_LIMIT) {
                        Map<String, Object> error = new LinkedHashMap<>();
                        error.put("type", "interactive_stream_error");
                        error.put("reason", "session_timeout");
                        error.put("message", "Stream ended: credit lease expired");
                        socketActions.add(() -> link.send(error));
                    }
                    socketActions.add(() -> link.close(reason.closeCode(), reason.wireName()));
                }
                closeLocked(session, reason, now);
            }
        }
        socketActions.forEach(SessionRegistry::runQuietly);
    }

    private CloseReason expiredReason(Session s, Instant now) {
        switch (s.state) {
            case REQUESTED:
                return olderThan(s.openedAt, config.connectTimeout(), now) ? CloseReason.CONNECT_TIMEOUT : null;
            case DANGLING:
                return olderThan(s.lastActivity, config.heartbeatTimeout(), now) ? CloseReason.HEARTBEAT_TIMEOUT : null;
            case CONNECTED:
                if (s.streamStartedAt != null && olderThan(s.streamStartedAt, config.streamLimit(), now)) {
                    return CloseReason.STREAM_LIMIT;
                }
                if (olderThan(s.connectedAt, config.connectionLimit(), now)) {
                    return CloseReason.CONNECTION_LIMIT;
                }
                if (s.idleSince != null && olderThan(s.idleSince, config.idleTimeout(), now)) {
                    return CloseReason.IDLE_TIMEOUT;
                }
                return olderThan(s.lastActivity, config.heartbeatTimeout(), now) ? CloseReason.HEARTBEAT_TIMEOUT : null;
            default:
                return null;
        }
    }

    private static boolean olderThan(Instant since, Duration limit, Instant now) {
        return since != null && Duration.between(since, now).compareTo(limit) > 0;
    }

    /** Server shutdown: every socket is told the server goes away (1001). */
    void shutdown() {
        List<SocketLink> links = new ArrayList<>();
        synchronized (lock) {
            for (Session session : open.values()) {
                if (session.link != null) {
                    links.add(session.link);
                }
            }
        }
        links.forEach(link -> runQuietly(() -> link.close(1001, "server shutting down")));
    }

    // ---- usage -----------------------------------------------------------------------------

    /** Sessions and stream time of one account, or of all accounts when {@code accountId} is null. */
    Usage usage(String accountId, double simulationSeconds) {
        synchronized (lock) {
            Instant now = Instant.now();
            List<Session> all = new ArrayList<>(open.values());
            all.addAll(closed);
            all.removeIf(s -> accountId != null && !s.accountId.equals(accountId));
            all.sort(Comparator.comparing((Session s) -> s.openedAt).reversed());

            int concurrent = 0;
            int streams = 0;
            double streamSeconds = 0;
            for (Session s : open.values()) {
                if (accountId != null && !s.accountId.equals(accountId)) {
                    continue;
                }
                concurrent++;
                if (s.streamStartedAt != null) {
                    streams++;
                    streamSeconds += RecordingStore.seconds(Duration.between(s.streamStartedAt, now));
                }
            }
            for (Map.Entry<String, Double> e : finishedStreamSeconds.entrySet()) {
                if (accountId == null || e.getKey().equals(accountId)) {
                    streamSeconds += e.getValue();
                }
            }
            return new Usage(concurrent, streams, config.concurrencyLimit(), streamSeconds, simulationSeconds,
                    all.stream().map(Session::info).toList());
        }
    }

    Usage usage(String accountId) {
        return usage(accountId, 0);
    }

    // ---- internals (lock held) -------------------------------------------------------------

    private Session attached(String sessionId, SocketLink link) {
        Session session = open.get(sessionId);
        return session != null && session.link == link ? session : null;
    }

    private Session requireAttached(String sessionId, SocketLink link) {
        Session session = attached(sessionId, link);
        if (session == null) {
            throw new Rejected("session closed");
        }
        session.lastActivity = Instant.now();
        return session;
    }

    private void finishStream(Session session, Instant now) {
        double seconds = RecordingStore.seconds(Duration.between(session.streamStartedAt, now));
        finishedStreamSeconds.merge(session.accountId, seconds, Double::sum);
        recordings.ended(session.streamId, now);
        LOG.info("session {} ended stream {} after {}s", session.id, session.streamId, seconds);
        session.streamId = null;
        session.streamStartedAt = null;
    }

    private void closeLocked(Session session, CloseReason reason, Instant now) {
        if (session.streamId != null) {
            finishStream(session, now);
        }
        session.state = SessionState.CLOSED;
        session.closeReason = reason;
        session.closedAt = now;
        session.link = null;
        open.remove(session.id);
        closed.addLast(session);
        while (closed.size() > CLOSED_HISTORY) {
            closed.removeFirst();
        }
        LOG.info("session {} closed: {}", session.id, reason.wireName());
    }

    private boolean isInHistory(String sessionId) {
        return closed.stream().anyMatch(s -> s.id.equals(sessionId));
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("socket action failed", e);
        }
    }
}
