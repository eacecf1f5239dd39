package io.odysseyguard.localserver;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One Simulate API job: its scripts' durations, where it is in its life and when each step happened, and the JSON
 * views the API answers with. Guarded by the {@link SimulationQueue}, which moves it along.
 */
final class SimulationJob {

    enum Status {
        PENDING, DISPATCHED, PROCESSING, COMPLETED, FAILED, CANCELLED;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean unfinished() {
            return this == PENDING || this == DISPATCHED || this == PROCESSING;
        }

        static Status parse(String value) {
            for (Status status : values()) {
                if (status.wireName().equals(value)) {
                    return status;
                }
            }
            throw ApiException.unprocessable("status must be one of pending, dispatched, processing, completed, failed, cancelled");
        }
    }

    final String id = UUID.randomUUID().toString();
    final String accountId;
    final List<Duration> scripts;
    final boolean portrait;
    final Instant createdAt = Instant.now();
    Status status = Status.PENDING;
    Instant dispatchedAt;
    Instant startedAt;
    Instant completedAt;
    Instant cancelledAt;
    /** One recording per script, once completed. */
    final List<Map<String, Object>> streams = new ArrayList<>();

    SimulationJob(String accountId, List<Duration> scripts, boolean portrait) {
        this.accountId = accountId;
        this.scripts = scripts;
        this.portrait = portrait;
    }

    /** How long the job runs once processing: its scripts one after another. */
    Duration total() {
        return scripts.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** The answer to {@code POST /simulation-jobs}. */
    Map<String, Object> submitted() {
        Map<String, Object> view = common();
        view.put("estimated_wait_minutes", null);
        return view;
    }

    /** The job in {@code GET /simulation-jobs}'s list. */
    Map<String, Object> summary() {
        Map<String, Object> view = common();
        view.put("completed_at", completedAt);
        view.put("error_message", null);
        return view;
    }

    /** {@code GET /simulation-jobs/{id}}. */
    Map<String, Object> detail() {
        Map<String, Object> view = common();
        view.put("dispatched_at", dispatchedAt);
        view.put("started_at", startedAt);
        view.put("completed_at", completedAt);
        view.put("cancelled_at", cancelledAt);
        view.put("error_message", null);
        view.put("assigned_region", dispatchedAt == null ? null : RestApi.REGION_ID);
        view.put("retry_count", 0);
        view.put("portrait", portrait);
        view.put("duration_seconds", RecordingStore.seconds(total()));
        view.put("streams", List.copyOf(streams));
        return view;
    }

    /** What every view of a job starts with, in this order. */
    private Map<String, Object> common() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", id);
        view.put("status", status.wireName());
        view.put("priority", "normal");
        view.put("created_at", createdAt);
        return view;
    }
}
