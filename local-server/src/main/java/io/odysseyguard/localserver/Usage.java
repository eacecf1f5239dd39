package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One API key's usage: what {@code GET /usage} returns with that key's bearer token (serialized with snake_case
 * names), as a typed value for tests. {@link LocalOdysseyServer#usage()} returns the same numbers summed over every
 * key (handy in a test that uses one key); {@link UsageByKey} is the view across keys.
 *
 * @param keyFingerprint     the key's fingerprint ({@link ApiKeys#fingerprint}); null when summed over every key
 * @param concurrentSessions sessions that count against the limit now (requested, connected or dangling)
 * @param activeStreams      streams running now
 * @param concurrentLimit    the per-key concurrent session limit
 * @param limitRefusals      session requests that limit refused (429 {@code CONCURRENT_LIMIT_REACHED}) since the
 *                           server started
 * @param totalStreamSeconds seconds streamed so far, running streams included
 * @param simulationSeconds  seconds of completed Simulate API jobs
 * @param asOf               when the server took these numbers (a {@code since} for the next request)
 * @param sessions           open sessions and the most recent closed ones (those closed before {@code since} left
 *                           out), newest first
 */
public record Usage(
        String keyFingerprint,
        int concurrentSessions,
        int activeStreams,
        int concurrentLimit,
        int limitRefusals,
        double totalStreamSeconds,
        double simulationSeconds,
        Instant asOf,
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
     * @param keyFingerprint the fingerprint of the key it counts against
     * @param closeReason    null while the session is open
     * @param openedAt       when {@code POST /sessions/request} created it
     * @param closedAt       null while the session is open
     * @param client         who holds it, as the client named itself in that request's {@code User-Agent}; null when
     *                       it sent none
     */
    public record SessionInfo(
            String sessionId,
            String keyFingerprint,
            SessionState state,
            CloseReason closeReason,
            Instant openedAt,
            Instant closedAt,
            String client) {
    }
}
