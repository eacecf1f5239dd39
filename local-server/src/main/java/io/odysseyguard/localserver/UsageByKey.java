package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /usage} returns without a token (serialized with snake_case names): one entry per API key, each
 * against its own limit (the limit is per key), and a total across keys that is compared with nothing.
 *
 * @param concurrentLimitPerKey the concurrent session limit each key has
 * @param asOf                  when the server took these numbers (a {@code since} for the next request)
 * @param keys                  the keys holding a session now or with a session in {@code sessions}, in the order
 *                              their first session came
 * @param total                 the sums over every key
 * @param sessions              every key's open sessions and most recent closed ones (those closed before
 *                              {@code since} left out), newest first
 */
public record UsageByKey(
        int concurrentLimitPerKey,
        Instant asOf,
        List<KeyUsage> keys,
        Total total,
        List<Usage.SessionInfo> sessions) {

    public UsageByKey {
        keys = List.copyOf(keys);
        sessions = List.copyOf(sessions);
    }

    /** The entry of the key with this fingerprint. */
    public Optional<KeyUsage> key(String keyFingerprint) {
        return keys.stream().filter(k -> k.keyFingerprint().equals(keyFingerprint)).findFirst();
    }

    /** One key's numbers: the same as {@code GET /usage} with its token, without the sessions. */
    public record KeyUsage(
            String keyFingerprint,
            int concurrentSessions,
            int concurrentLimit,
            int limitRefusals,
            int activeStreams,
            double totalStreamSeconds,
            double simulationSeconds) {
    }

    /** Sums over every key, the keys left out of {@code keys} included (their streams and simulations count). */
    public record Total(
            int concurrentSessions,
            int limitRefusals,
            int activeStreams,
            double totalStreamSeconds,
            double simulationSeconds) {
    }
}
