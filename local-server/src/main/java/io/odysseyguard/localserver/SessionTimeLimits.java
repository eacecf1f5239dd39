package io.odysseyguard.localserver;

import java.time.Duration;
import java.time.Instant;

/**
 * The time limits the server holds open sessions to, as rules over a session's clocks: which limit, if any, a
 * session has run past. Pure: {@link SessionRegistry} applies the answer (under its lock) when it sweeps.
 */
final class SessionTimeLimits {

    private final ServerConfig config;

    SessionTimeLimits(ServerConfig config) {
        this.config = config;
    }

    /**
     * The limit this session has run past at {@code now}, or null. A requested session only has the connect timeout,
     * a dangling one only the heartbeat; a connected one has all the others, checked stream limit first, as only that
     * one tells the client why ({@code interactive_stream_error}) before the close.
     */
    CloseReason exceeded(Session s, Instant now) {
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
}
