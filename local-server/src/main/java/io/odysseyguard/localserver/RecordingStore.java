package io.odysseyguard.localserver;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code GET /recordings/{stream_id}} can find: every interactive and simulated stream, newest
 * {@value #CAPACITY} kept. The stand-in renders no video, so the URLs are null; the timing is real.
 */
final class RecordingStore {

    static final int CAPACITY = 2000;

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private static final class Entry {
        final String accountId;
        final Instant startedAt;
        Instant endedAt;

        Entry(String accountId, Instant startedAt, Instant endedAt) {
            this.accountId = accountId;
            this.startedAt = startedAt;
            this.endedAt = endedAt;
        }
    }

    synchronized void started(String streamId, String accountId, Instant at) {
        entries.put(streamId, new Entry(accountId, at, null));
    }

    synchronized void ended(String streamId, Instant at) {
        Entry entry = entries.get(streamId);
        if (entry != null && entry.endedAt == null) {
            entry.endedAt = at;
        }
    }

    synchronized void finished(String streamId, String accountId, Instant startedAt, Instant endedAt) {
        entries.put(streamId, new Entry(accountId, startedAt, endedAt));
    }

    /** The recording body, if the stream exists and belongs to this account (others get the same 404). */
    synchronized Optional<Map<String, Object>> find(String streamId, String accountId) {
        Entry entry = entries.get(streamId);
        if (entry == null || !entry.accountId.equals(accountId)) {
            return Optional.empty();
        }
        Instant end = entry.endedAt != null ? entry.endedAt : Instant.now();
        Map<String, Object> body = streamView(streamId, seconds(Duration.between(entry.startedAt, end)));
        body.put("started_at", entry.startedAt);
        body.put("ended_at", entry.endedAt);
        return Optional.of(body);
    }

    /**
     * How a stream is shown, here and in a simulation job's {@code streams}: its id, the media fields (all null: the
     * stand-in renders no video) and its length. A mutable map, for the caller's own fields after these.
     */
    static Map<String, Object> streamView(String streamId, double durationSeconds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stream_id", streamId);
        view.put("video_url", null);
        view.put("events_url", null);
        view.put("thumbnail_url", null);
        view.put("preview_url", null);
        view.put("frame_count", null);
        view.put("duration_seconds", durationSeconds);
        return view;
    }

    static double seconds(Duration duration) {
        return Math.max(0, duration.toMillis()) / 1000.0;
    }
}
