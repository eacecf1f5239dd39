package io.odysseyguard.localserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.SimulationJob.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>The queue moves jobs along; a job and its JSON views are a {@link SimulationJob}, and the scripts are checked
 * and measured by {@link SimulationScripts}.
 */
final class SimulationQueue {

    static final long DISPATCH_MILLIS = 100;
    static final int FINISHED_HISTORY = 1000;

    private final int queueLimit;
    private final RecordingStore recordings;
    private final Map<String, SimulationJob> jobs = new LinkedHashMap<>();
    private final Map<String, Double> simulationSeconds = new LinkedHashMap<>();

    SimulationQueue(int queueLimit, RecordingStore recordings) {
        this.queueLimit = queueLimit;
        this.recordings = recordings;
    }

    /** {@code POST /simulation-jobs}. */
    synchronized Map<String, Object> submit(String accountId, JsonNode body) {
        List<Duration> scripts = SimulationScripts.durations(body);
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
        SimulationJob job = new SimulationJob(accountId, scripts, portrait == null || portrait.isNull() || portrait.asBoolean());
        jobs.put(job.id, job);
        return job.submitted();
    }

    /** {@code GET /simulation-jobs/{id}}. */
    synchronized Map<String, Object> get(String accountId, String jobId) {
        return find(accountId, jobId).detail();
    }

    /** {@code GET /simulation-jobs}: newest first. */
    synchronized Map<String, Object> list(String accountId, Status status, boolean active, int limit, int offset) {
        List<SimulationJob> matching = new ArrayList<>();
        for (SimulationJob job : jobs.values()) {
            if (job.accountId.equals(accountId) && (status == null || job.status == status)
                    && (!active || job.status.unfinished())) {
                matching.add(0, job);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < matching.size() && page.size() < limit; i++) {
            page.add(matching.get(i).summary());
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
        SimulationJob job = find(accountId, jobId);
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
        Map<String, SimulationJob> running = new LinkedHashMap<>();
        for (SimulationJob job : jobs.values()) {
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
        for (SimulationJob job : jobs.values()) {
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

    private void complete(SimulationJob job, Instant now) {
        Instant streamStart = job.startedAt;
        for (int i = 0; i < job.scripts.size(); i++) {
            Duration length = job.scripts.get(i);
            String streamId = UUID.randomUUID().toString();
            recordings.finished(streamId, job.accountId, streamStart, streamStart.plus(length));
            Map<String, Object> stream = RecordingStore.streamView(streamId, RecordingStore.seconds(length));
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
        Iterator<SimulationJob> it = jobs.values().iterator();
        while (finished > FINISHED_HISTORY && it.hasNext()) {
            if (!it.next().status.unfinished()) {
                it.remove();
                finished--;
            }
        }
    }

    private SimulationJob find(String accountId, String jobId) {
        SimulationJob job = jobs.get(jobId);
        if (job == null || !job.accountId.equals(accountId)) {
            throw ApiException.notFound("Simulation job not found");
        }
        return job;
    }
}
