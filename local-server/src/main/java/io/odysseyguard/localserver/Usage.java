package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /usage} returns (serialized with snake_case names), as a typed value for tests.
 *
 * @param concurrentSessions sessions that count against the limit now (requested, connected or dangling)
 * @param activeStreams      streams running now
 * @param concurrentLimit    the per-key concurrent session limit
 * @param totalStreamSeconds seconds streamed so far, running streams included
 * @param simulationSeconds  seconds of completed Simulate API jobs
 * @param sessions           open sessions and the most recent closed ones, newest first
 */
public record Usage(
        int concurrentSessions,
        int activeStreams,
        int concurrentLimit,
        double totalStreamSeconds,
        double simulationSeconds,
        List<SessionInfo> sessions) {

    public Usage {
        sessions = List.copyOf(sessions);
    }

    /** The session with this id, if it is still in the (bounded) history. */
    public Optional<SessionInfo> session(String sessionId) {
        return sessions.stream().filter(s -> s.sessionId().equals(sessionId)).findFirst();
    }

    /**
     * One session as {@code /usage} shows it. Never carries keys or tokens.
     *
     * @param closeReason null while the session is open
     * @param openedAt    when {@code POST /sessions/request} created it
     * @param closedAt    null while the session is open
     */
    public record SessionInfo(
            String sessionId,
            SessionState state,
            CloseReason closeReason,
            Instant openedAt,
            Instant closedAt) {
    }
}
