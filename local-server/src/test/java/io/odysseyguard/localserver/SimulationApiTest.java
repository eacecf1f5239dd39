package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Simulate API: job lifecycle over time, simulation seconds, the queue limit, cancel, validation. */
@LocalOdysseyServerTest(simulationQueueLimit = 3)
class SimulationApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestClient client;
    private String token;

    @BeforeEach
    void signIn(LocalOdysseyServer server) {
        client = new TestClient(server.baseUrl());
        token = client.accessToken("ody_simulation_test_key");
    }

    private static List<Map<String, Object>> script(long endMillis) {
        return List.of(
                Map.of("timestamp_ms", 0, "start", Map.of("prompt", "a quiet harbour")),
                Map.of("timestamp_ms", endMillis / 2, "interact", Map.of("prompt", "a boat leaves")),
                Map.of("timestamp_ms", endMillis, "end", Map.of()));
    }

    @Test
    void aJobGoesFromPendingToCompletedAndCountsItsDuration(LocalOdysseyServer server) {
        TestClient.Response submitted = client.post("/simulation-jobs", token,
                Map.of("script", script(1200), "portrait", false, "output_video", true));
        assertThat(submitted.status()).isEqualTo(200);
        String jobId = submitted.json().get("job_id").asText();
        assertThat(submitted.json().get("status").asText()).isEqualTo("pending");
        assertThat(submitted.json().get("created_at").asText()).isNotBlank();

        Set<String> seen = new HashSet<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            String status = client.get("/simulation-jobs/" + jobId, token).json().get("status").asText();
            seen.add(status);
            return status.equals("completed");
        });
        assertThat(seen).contains("processing", "completed");

        JsonNode job = client.get("/simulation-jobs/" + jobId, token).json();
        assertThat(job.get("dispatched_at").isNull()).isFalse();
        assertThat(job.get("started_at").isNull()).isFalse();
        assertThat(job.get("completed_at").isNull()).isFalse();
        JsonNode stream = job.get("streams").get(0);
        assertThat(stream.get("duration_seconds").asDouble()).isEqualTo(1.2);
        assertThat(stream.get("script_index").asInt()).isZero();
        assertThat(client.totals().get("simulation_seconds").asDouble()).isEqualTo(1.2);
        assertThat(server.usage().simulationSeconds()).isEqualTo(1.2);

        TestClient.Response recording = client.get("/recordings/" + stream.get("stream_id").asText(), token);
        assertThat(recording.status()).isEqualTo(200);
        assertThat(recording.json().get("duration_seconds").asDouble()).isEqualTo(1.2);
    }

    @Test
    void aBatchMakesOneStreamPerScript() {
        String jobId = client.post("/simulation-jobs", token, Map.of("scripts", List.of(script(200), script(300))))
                .json().get("job_id").asText();
        await().atMost(PATIENCE).until(() ->
                client.get("/simulation-jobs/" + jobId, token).json().get("status").asText().equals("completed"));
        JsonNode streams = client.get("/simulation-jobs/" + jobId, token).json().get("streams");
        assertThat(streams).hasSize(2);
        assertThat(streams.get(1).get("script_index").asInt()).isEqualTo(1);
        assertThat(client.totals().get("simulation_seconds").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theQueueLimitIsA429AndCancellingMakesRoom() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestClient.Response response = client.post("/simulation-jobs", token, Map.of("script", script(60_000)));
            assertThat(response.status()).isEqualTo(200);
            ids.add(response.json().get("job_id").asText());
        }

        TestClient.Response full = client.post("/simulation-jobs", token, Map.of("script", script(1000)));
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.detail().get("error").asText()).isEqualTo("SIMULATION_QUEUE_FULL");
        assertThat(full.detail().get("details").get("limit").asInt()).isEqualTo(3);

        // The last job waits behind the first (one worker per key), so it can still be cancelled.
        TestClient.Response cancelled = client.send("DELETE", "/simulation-jobs/" + ids.get(2), token, null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(client.post("/simulation-jobs", token, Map.of("script", script(1000))).status()).isEqualTo(200);

        // Once a job is processing it cannot be cancelled any more.
        await().atMost(PATIENCE).until(() ->
                client.get("/simulation-jobs/" + ids.get(0), token).json().get("status").asText().equals("processing"));
        assertThat(client.send("DELETE", "/simulation-jobs/" + ids.get(0), token, null).status()).isEqualTo(409);
        assertThat(client.send("DELETE", "/simulation-jobs/" + ids.get(2), token, null).status()).isEqualTo(409);
    }

    @Test
    void listingFiltersAndPages() {
        for (int i = 0; i < 3; i++) {
            client.post("/simulation-jobs", token, Map.of("script", script(60_000)));
        }
        JsonNode all = client.get("/simulation-jobs", token).json();
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(all.get("jobs")).hasSize(3);
        assertThat(client.get("/simulation-jobs?limit=2&offset=0", token).json().get("jobs")).hasSize(2);
        assertThat(client.get("/simulation-jobs?active=true", token).json().get("total").asInt()).isEqualTo(3);
        assertThat(client.get("/simulation-jobs?status=completed", token).json().get("total").asInt()).isZero();
        assertThat(client.get("/simulation-jobs?status=bogus", token).status()).isEqualTo(422);
        assertThat(client.get("/simulation-jobs?limit=x", token).status()).isEqualTo(422);
        // Another key sees none of them.
        String other = client.accessToken("ody_other_simulation_key");
        assertThat(client.get("/simulation-jobs", other).json().get("total").asInt()).isZero();
        String id = all.get("jobs").get(0).get("job_id").asText();
        assertThat(client.get("/simulation-jobs/" + id, other).status()).isEqualTo(404);
    }

    @Test
    void badScriptsAre422AndUnknownJobs404() {
        assertThat(client.post("/simulation-jobs", token, Map.of()).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token, Map.of("script", "run it")).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token, Map.of("script", List.of())).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token,
                Map.of("script", List.of(Map.of("timestamp_ms", "zero", "start", Map.of("prompt", "p"))))).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token,
                Map.of("script", List.of(Map.of("timestamp_ms", 0, "start", Map.of("prompt", 1))))).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token,
                Map.of("script", List.of(Map.of("timestamp_ms", 0, "interact", Map.of("prompt", "no start"))))).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token, Map.of("script", script(10), "portrait", "yes")).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token, Map.of("script_url", "https://example.com/s.json")).status()).isEqualTo(422);
        assertThat(client.post("/simulation-jobs", token, "{nope").status()).isEqualTo(400);
        assertThat(client.get("/simulation-jobs/unknown", token).status()).isEqualTo(404);
        assertThat(client.send("DELETE", "/simulation-jobs/unknown", token, null).status()).isEqualTo(404);
        assertThat(client.get("/simulation-jobs", token).json().get("total").asInt()).isZero();
    }
}
