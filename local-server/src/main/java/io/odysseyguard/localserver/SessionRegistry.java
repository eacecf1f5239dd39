package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
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
 * stays connected past the connection limit. {@link #sweep()} applies the time limits ({@link SessionTimeLimits}
 * says which one a session has run past); the scheduler in {@link LocalOdysseyServer} calls it a few times per
 * shortest limit.
 *
 * <p>The registry decides; what it decides over lives beside it: the sessions in a {@link SessionTable}, each one's
 * state in its {@link Session}, stream time in {@link StreamTime}. Whether a new session fits is the rule of
 * {@link SessionCountLimits}; {@link UsageReports} reads it all for {@code /usage}. One lock, the registry's, guards
 * all of them; messages to sockets are sent after it is released, so a slow socket never holds up accounting.
 */
final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final SessionCountLimits countLimits;
    private final SessionTimeLimits timeLimits;
    private final AtomicLong streamerCounter = new AtomicLong();

    private final Object lock = new Object();
    private final SessionTable sessions = new SessionTable();
    private final StreamTime streams;
    private final UsageReports reports;

    SessionRegistry(ServerConfig config, RecordingStore recordings) {
        this.countLimits = new SessionCountLimits(config);
        this.timeLimits = new SessionTimeLimits(config);
        this.streams = new StreamTime(recordings);
        this.reports = new UsageReports(config, sessions, streams);
    }

    // ---- REST side -------------------------------------------------------------------------

    /** {@code POST /sessions/request}: reserves a slot, or 429 (limit) / 503 (no streamer free). */
    Session request(String accountId, String client) {
        synchronized (lock) {
            countLimits.checkRoomFor(accountId, sessions);
            Session session = new Session(UUID.randomUUID().toString(), accountId,
                    "local-streamer-" + streamerCounter.incrementAndGet(), Instant.now(), client);
            sessions.add(session);
            LOG.info("session {} requested (key {})", session.id, ApiKeys.fingerprint(accountId));
            return session;
        }
    }

    /** For {@code POST /sessions/token}: is this an open session of this account? */
    boolean isOpenFor(String sessionId, String accountId) {
        synchronized (lock) {
            Session session = sessions.open(sessionId);
            return session != null && session.accountId.equals(accountId);
        }
    }

    // ---- signaling side --------------------------------------------------------------------

    /** A socket with a valid token opened: attach it, or reject it (the first socket keeps the session). */
    void attach(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = sessions.open(sessionId);
            if (session == null) {
                throw new SocketRejected(sessions.wasClosed(sessionId) ? "session closed" : "unknown session");
            }
            if (session.state == SessionState.CONNECTED) {
                throw new SocketRejected("session already has a connected client");
            }
            session.connected(link, Instant.now());
            LOG.info("session {} connected (key {})", sessionId, ApiKeys.fingerprint(session.accountId));
        }
    }

    /** Any message from the attached socket counts as a heartbeat. Returns false for a socket not (or no longer) attached. */
    boolean touch(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = sessions.attached(sessionId, link);
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
            String streamId = streams.start(session, Instant.now());
            session.idleSince = null;
            LOG.info("session {} started stream {} (key {})", sessionId, streamId, ApiKeys.fingerprint(session.accountId));
            return streamId;
        }
    }

    /** {@code update}: only valid while a stream runs. */
    void requireStream(String sessionId, SocketLink link) {
        synchronized (lock) {
            requireAttachedWithStream(sessionId, link);
        }
    }

    /** {@code interactive_stream_end}: the ended stream's id. */
    String endStream(String sessionId, SocketLink link) {
        synchronized (lock) {
            Session session = requireAttachedWithStream(sessionId, link);
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
            Session session = sessions.attached(sessionId, link);
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
            Session session = sessions.attached(sessionId, link);
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
            session.dangling();
            LOG.info("session {} dangling (socket ended with code {}) (key {})", sessionId, code,
                    ApiKeys.fingerprint(session.accountId));
        }
    }

    // ---- time limits -----------------------------------------------------------------------

    /** Applies every time limit once; called periodically. */
    void sweep() {
        List<Runnable> socketActions = new ArrayList<>();
        synchronized (lock) {
            Instant now = Instant.now();
            for (Session session : List.copyOf(sessions.open())) {
                CloseReason reason = timeLimits.exceeded(session, now);
                if (reason == null) {
                    continue;
                }
                SocketLink link = session.link;
                if (link != null) {
                    if (reason == CloseReason.STREAM_LIMIT) {
                        socketActions.add(() -> link.sendStreamError("session_timeout", "Stream ended: credit lease expired"));
                    }
                    socketActions.add(() -> link.close(reason.closeCode(), reason.wireName()));
                }
                closeLocked(session, reason, now);
            }
        }
        socketActions.forEach(SessionRegistry::runQuietly);
    }

    /** Server shutdown: every socket is told the server goes away (1001). */
    void shutdown() {
        List<SocketLink> links = new ArrayList<>();
        synchronized (lock) {
            for (Session session : sessions.open()) {
                if (session.link != null) {
                    links.add(session.link);
                }
            }
        }
        links.forEach(link -> runQuietly(() -> link.close(1001, "server shutting down")));
    }

    // ---- usage -----------------------------------------------------------------------------

    /** See {@link UsageReports#usage}. */
    Usage usage(String accountId, double simulationSeconds, Instant since) {
        synchronized (lock) {
            return reports.usage(accountId, simulationSeconds, since);
        }
    }

    Usage usage(String accountId) {
        return usage(accountId, 0, null);
    }

    /** See {@link UsageReports#usageByKey}. */
    UsageByKey usageByKey(ToDoubleFunction<String> simulationSecondsOf, Instant since) {
        synchronized (lock) {
            return reports.usageByKey(simulationSecondsOf, since);
        }
    }

    // ---- internals (lock held) -------------------------------------------------------------

    private Session requireAttached(String sessionId, SocketLink link) {
        Session session = sessions.attached(sessionId, link);
        if (session == null) {
            throw new SocketRejected("session closed");
        }
        session.lastActivity = Instant.now();
        return session;
    }

    /** Updating or ending a stream needs one running; without, the client is told and the session goes on. */
    private Session requireAttachedWithStream(String sessionId, SocketLink link) {
        Session session = requireAttached(sessionId, link);
        if (session.streamId == null) {
            throw new StreamRejected("no_active_stream", "No stream is running in this session");
        }
        return session;
    }

    private void finishStream(Session session, Instant now) {
        String streamId = session.streamId;
        double seconds = streams.end(session, now);
        LOG.info("session {} ended stream {} after {}s (key {})", session.id, streamId, seconds,
                ApiKeys.fingerprint(session.accountId));
    }

    private void closeLocked(Session session, CloseReason reason, Instant now) {
        if (session.streamId != null) {
            finishStream(session, now);
        }
        session.closed(reason, now);
        sessions.closed(session);
        LOG.info("session {} closed: {} (key {})", session.id, reason.wireName(), ApiKeys.fingerprint(session.accountId));
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("socket action failed", e);
        }
    }
}
