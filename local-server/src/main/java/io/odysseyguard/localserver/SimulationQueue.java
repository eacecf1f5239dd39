package io.odysseyguard.localserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Simulate API: batch jobs that run a script without a live connection.
 *
 * <p>Each API key has one simulated worker, so its jobs run one after another: the oldest
 * {@code pending} job becomes {@code dispatched}, {@value #DISPATCH_MILLIS} ms later {@code processing},
 * and {@code completed} once the script's duration (its last {@code timestamp_ms}, summed over a batch)
 * has passed in real time; that duration then counts as simulation time. Unfinished jobs
 * (pending, dispatched, processing) are limited per key by the queue limit; one more is a 429.
 * Finished jobs are remembered up to {@value #FINISHED_HISTORY}.
 */
final class SimulationQueue {

    static final long DISPATCH_MILLIS = 100;
    static final int FINISHED_HISTORY = 1000;

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

    private static final class Job {
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
        final List<Map<String, Object>> streams = new ArrayList<>();

        Job(String accountId, List<Duration> scripts, boolean portrait) {
            this.accountId = accountId;
            this.scripts = scripts;
            this.portrait = portrait;
        }

        Duration total() {
            return scripts.stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    private final int queueLimit;
    private final RecordingStore recordings;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Double> simulationSeconds = new LinkedHashMap<>();

    SimulationQueue(int queueLimit, RecordingStore recordings) {
        this.queueLimit = queueLimit;
        this.recordings = recordings;
    }

    /** {@code POST /simulation-jobs}. */
    synchronized Map<String, Object> submit(String accountId, JsonNode body) {
        List<Duration> scripts = parseScripts(body);
        JsonNode portrait = body.get("portrait");
        if (portrait != null && !portrait.isNull() && !portrait.isBoolean()) {
            throw ApiException.unprocessable("portrait must be a boolean");
        }
        long unfinished = jobs.values().stream()
                .filter(j -> j.accountId.equals(accountId) && j.status.unfinished()).count();
        if (unfinished >= queueLimit) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("queued_count", unfinished);
            details.put("limit", queueLimit);
            throw ApiException.usage("SIMULATION_QUEUE_FULL",
                    "You have " + unfinished + " unfinished simulation jobs; the limit is " + queueLimit + ".",
                    "Wait for a job to finish or cancel one.", details);
        }
        Job job = new Job(accountId, scripts, portrait == null || portrait.isNull() || portrait.asBoolean());
        jobs.put(job.id, job);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.id);
        view.put("status", job.status.wireName());
        view.put("priority", "normal");
        view.put("created_at", job.createdAt);
        view.put("estimated_wait_minutes", null);
        return view;
    }

    /** {@code GET /simulation-jobs/{id}}. */
    synchronized Map<String, Object> get(String accountId, String jobId) {
        return detail(find(accountId, jobId));
    }

    /** {@code GET /simulation-jobs}: newest first. */
    synchronized Map<String, Object> list(String accountId, Status status, boolean active, int limit, int offset) {
        List<Job> matching = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.accountId.equals(accountId) && (status == null || job.status == status)
                    && (!active || job.status.unfinished())) {
                matching.add(0, job);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < matching.size() && page.size() < limit; i++) {
            Job job = matching.get(i);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("job_id", job.id);
            summary.put("status", job.status.wireName());
            summary.put("priority", "normal");
            summary.put("created_at", job.createdAt);
            summary.put("completed_at", job.completedAt);
            summary.put("error_message", null);
            page.add(summary);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", page);
        body.put("total", matching.size());
        body.put("limit", limit);
        body.put("offset", offset);
        return body;
    }

    /** {@code DELETE /simulation-jobs/{id}}: only pending or dispatched jobs can be cancelled (409 otherwise). */
    synchronized Map<String, Object> cancel(String accountId, String jobId) {
        Job job = find(accountId, jobId);
        if (job.status != Status.PENDING && job.status != Status.DISPATCHED) {
            throw ApiException.of(409, "Job " + jobId + " is " + job.status.wireName() + " and cannot be cancelled");
        }
        job.status = Status.CANCELLED;
        job.cancelledAt = Instant.now();
        return Map.of("job_id", job.id, "status", job.status.wireName());
    }

    /** Moves every key's queue forward; called periodically. */
    synchronized void tick() {
        Instant now = Instant.now();
        Map<String, Job> running = new LinkedHashMap<>();
        for (Job job : jobs.values()) {
            if (job.status == Status.DISPATCHED && !job.dispatchedAt.plusMillis(DISPATCH_MILLIS).isAfter(now)) {
                job.status = Status.PROCESSING;
                job.startedAt = now;
            }
            if (job.status == Status.PROCESSING && !job.startedAt.plus(job.total()).isAfter(now)) {
                complete(job, now);
            }
            if (job.status == Status.DISPATCHED || job.status == Status.PROCESSING) {
                running.put(job.accountId, job);
            }
        }
        for (Job job : jobs.values()) {
            if (job.status == Status.PENDING && !running.containsKey(job.accountId)) {
                job.status = Status.DISPATCHED;
                job.dispatchedAt = now;
                running.put(job.accountId, job);
            }
        }
        forgetOldFinished();
    }

    /** Seconds of completed jobs for one key, or all keys when {@code accountId} is null. */
    synchronized double simulationSeconds(String accountId) {
        return simulationSeconds.entrySet().stream()
                .filter(e -> accountId == null || e.getKey().equals(accountId))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private void complete(Job job, Instant now) {
        Instant streamStart = job.startedAt;
        for (int i = 0; i < job.scripts.size(); i++) {
            Duration length = job.scripts.get(i);
            String streamId = UUID.randomUUID().toString();
            recordings.finished(streamId, job.accountId, streamStart, streamStart.plus(length));
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("stream_id", streamId);
            stream.put("video_url", null);
            stream.put("events_url", null);
            stream.put("thumbnail_url", null);
            stream.put("preview_url", null);
            stream.put("frame_count", null);
            stream.put("duration_seconds", RecordingStore.seconds(length));
            stream.put("script_index", i);
            job.streams.add(stream);
            streamStart = streamStart.plus(length);
        }
        job.status = Status.COMPLETED;
        job.completedAt = now;
        simulationSeconds.merge(job.accountId, RecordingStore.seconds(job.total()), Double::sum);
    }

    private void forgetOldFinished() {
        long finished = jobs.values().stream().filter(j -> !j.status.unfinished()).count();
        Iterator<Job> it = jobs.values().iterator();
        while (finished > FINISHED_HISTORY && it.hasNext()) {
            if (!it.next().status.unfinished()) {
                it.remove();
                finished--;
            }
        }
    }

    private Job find(String accountId, String jobId) {
        Job job = jobs.get(jobId);
        if (job == null || !job.accountId.equals(accountId)) {
            throw ApiException.notFound("Simulation job not found");
        }
        return job;
    }

    private static Map<String, Object> detail(Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", job.id);
        view.put("status", job.status.wireName());
        view.put("priority", "normal");
        view.put("created_at", job.createdAt);
        view.put("dispatched_at", job.dispatchedAt);
        view.put("started_at", job.startedAt);
        view.put("completed_at", job.completedAt);
        view.put("cancelled_at", job.cancelledAt);
        view.put("error_message", null);
        view.put("assigned_region", job.dispatchedAt == null ? null : RestApi.REGION_ID);
        view.put("retry_count", 0);
        view.put("portrait", job.portrait);
        view.put("duration_seconds", RecordingStore.seconds(job.total()));
        view.put("streams", List.copyOf(job.streams));
        return view;
    }

    // ---- script validation -----------------------------------------------------------------

    /** One duration per script: {@code script} (one), {@code scripts} (a batch); {@code script_url} is not fetched. */
    private static List<Duration> parseScripts(JsonNode body) {
        JsonNode script = body.get("script");
        JsonNode scripts = body.get("scripts");
        JsonNode scriptUrl = body.get("script_url");
        int given = (present(script) ? 1 : 0) + (present(scripts) ? 1 : 0) + (present(scriptUrl) ? 1 : 0);
        if (given != 1) {
            throw ApiException.unprocessable("Exactly one of script, scripts or script_url is required");
        }
        if (present(scriptUrl)) {
            throw ApiException.unprocessable("script_url is not supported by the local server; send the script inline");
        }
        if (present(script)) {
            return List.of(scriptDuration(script, "script"));
        }
        if (!scripts.isArray() || scripts.isEmpty()) {
            throw ApiException.unprocessable("scripts must be a non-empty array of scripts");
        }
        List<Duration> durations = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            durations.add(scriptDuration(scripts.get(i), "scripts[" + i + "]"));
        }
        return durations;
    }

    private static Duration scriptDuration(JsonNode script, String where) {
        if (!script.isArray() || script.isEmpty()) {
            throw ApiException.unprocessable(where + " must be a non-empty array of entries");
        }
        long lastMillis = 0;
        boolean started = false;
        for (int i = 0; i < script.size(); i++) {
            JsonNode entry = script.get(i);
            String at = where + "[" + i + "]";
            if (!entry.isObject()) {
                throw ApiException.unprocessable(at + " must be an object");
            }
            JsonNode timestamp = entry.get("timestamp_ms");
            if (timestamp == null || !timestamp.canConvertToLong() || !timestamp.isIntegralNumber() || timestamp.asLong() < 0) {
                throw ApiException.unprocessable(at + ".timestamp_ms must be a non-negative integer");
            }
            int actions = 0;
            for (String action : new String[] {"start", "interact", "end"}) {
                JsonNode value = entry.get(action);
                if (!present(value)) {
                    continue;
                }
                actions++;
                if (!value.isObject()) {
                    throw ApiException.unprocessable(at + "." + action + " must be an object");
                }
                if (!action.equals("end")) {
                    JsonNode prompt = value.get("prompt");
                    if (prompt == null || !prompt.isTextual()) {
                        throw ApiException.unprocessable(at + "." + action + ".prompt must be a string");
                    }
                }
                started |= action.equals("start");
            }
            if (actions != 1) {
                throw ApiException.unprocessable(at + " must have exactly one of start, interact or end");
            }
            lastMillis = Math.max(lastMillis, timestamp.asLong());
        }
        if (!started) {
            throw ApiException.unprocessable(where + " must contain a start entry");
        }
        return Duration.ofMillis(lastMillis);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
