package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Simulate API: scripted jobs the service runs on its own ({@code /simulation-jobs}), over REST only, so they
 * need no session. Reads the job JSON leniently, since servers differ on envelopes and empty answers.
 */
final class SimulateApi {

    private final OdysseyApi api;

    SimulateApi(OdysseyApi api) {
        this.api = api;
    }

    /** {@code POST /simulation-jobs}. */
    SimulationJob submit(SimulationRequest request) {
        ObjectNode body = Json.object();
        ArrayNode script = body.putArray("script");
        for (SimulationScriptEntry entry : request.script()) {
            ObjectNode step = script.addObject().put("timestamp_ms", entry.timestampMs());
            switch (entry.action()) {
                case START -> {
                    ObjectNode start = step.putObject("start").put("prompt", entry.prompt());
                    if (entry.imageBase64() != null) {
                        start.put("image", entry.imageBase64());
                    }
                }
                case INTERACT -> step.putObject("interact").put("prompt", entry.prompt());
                case END -> step.putObject("end");
            }
        }
        body.put("portrait", request.portrait());
        body.put("output_video", request.outputVideo());
        return toJob(api.post("/simulation-jobs", body));
    }

    /** {@code GET /simulation-jobs/{id}}. */
    SimulationJob status(String jobId) {
        return toJob(api.get(jobPath(jobId)));
    }

    /** {@code GET /simulation-jobs}. */
    List<SimulationJob> list() {
        JsonNode answer = api.get("/simulation-jobs");
        // A bare array, or an object wrapping one (servers differ on the envelope).
        JsonNode items = answer.isArray() ? answer : firstArray(answer, "jobs", "simulation_jobs", "items", "data", "results");
        List<SimulationJob> jobs = new ArrayList<>();
        for (JsonNode item : items) {
            jobs.add(toJob(item));
        }
        return jobs;
    }

    /** {@code DELETE /simulation-jobs/{id}}. */
    SimulationJob cancel(String jobId) {
        JsonNode answer = api.delete(jobPath(jobId));
        // Some servers answer 204 without a body: the job is cancelled all the same.
        return answer.isObject() && answer.hasNonNull("job_id") ? toJob(answer)
                : new SimulationJob(jobId, SimulationStatus.CANCELLED, null, List.of(), Map.of());
    }

    private static String jobPath(String jobId) {
        return "/simulation-jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode firstArray(JsonNode node, String... fields) {
        for (String field : fields) {
            if (node.path(field).isArray()) {
                return node.path(field);
            }
        }
        return Json.MAPPER.createArrayNode();
    }

    private static SimulationJob toJob(JsonNode node) {
        String id = Json.text(node, "job_id");
        if (id == null) {
            id = Json.text(node, "id");
        }
        List<Map<String, Object>> streams = new ArrayList<>();
        for (JsonNode stream : node.path("streams")) {
            streams.add(Json.toMap(stream));
        }
        return new SimulationJob(id, SimulationStatus.parse(Json.text(node, "status")),
                Json.text(node, "created_at"), streams, Json.toMap(node));
    }
}
