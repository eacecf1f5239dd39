package io.odysseyguard.localserver;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Interactive streams and the time they take: a session's running stream, and per account the seconds of the
 * streams that have ended, which {@code /usage} adds up. Every stream is also a recording. Not thread-safe: the
 * {@link SessionRegistry} calls it under its lock, as the session fields it changes are guarded by that lock.
 */
final class StreamTime {

    private final RecordingStore recordings;
    private final Map<String, Double> endedSeconds = new HashMap<>();

    StreamTime(RecordingStore recordings) {
        this.recordings = recordings;
    }

    /** Starts a stream in this session (which has none running); returns the stream's id. */
    String start(Session session, Instant now) {
        session.streamId = UUID.randomUUID().toString();
        session.streamStartedAt = now;
        recordings.started(session.streamId, session.accountId, now);
        return session.streamId;
    }

    /** Ends the session's running stream; returns how long it ran, in seconds. */
    double end(Session session, Instant now) {
        double seconds = RecordingStore.seconds(Duration.between(session.streamStartedAt, now));
        endedSeconds.merge(session.accountId, seconds, Double::sum);
        recordings.ended(session.streamId, now);
        session.streamId = null;
        session.streamStartedAt = null;
        return seconds;
    }

    /**
     * Seconds streamed by one account, or by all when {@code accountId} is null: the running streams of the
     * {@code open} sessions up to {@code now}, then every ended stream.
     */
    double seconds(String accountId, Collection<Session> open, Instant now) {
        double seconds = 0;
        for (Session s : open) {
            if ((accountId == null || s.accountId.equals(accountId)) && s.streamStartedAt != null) {
                seconds += RecordingStore.seconds(Duration.between(s.streamStartedAt, now));
            }
        }
        for (Map.Entry<String, Double> e : endedSeconds.entrySet()) {
            if (accountId == null || e.getKey().equals(accountId)) {
                seconds += e.getValue();
            }
        }
        return seconds;
    }
}
