package io.odysseyguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One API key's view of {@code GET /usage} on the local server, read over HTTP as any client would (each run of the
 * demo has a key, and so a limit, of its own).
 */
final class KeyUsage {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Session(String id, String state, Instant closedAt) {
        boolean open() {
            return !"closed".equals(state);
        }
    }

    record Snapshot(int held, List<Session> sessions) {
        Optional<Session> session(String id) {
            return sessions.stream().filter(s -> s.id().equals(id)).findFirst();
        }

        long count(String state) {
            return sessions.stream().filter(s -> s.state().equals(state)).count();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String accessToken;

    KeyUsage(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.accessToken = send(HttpRequest.newBuilder(URI.create(baseUrl + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("api_key", apiKey).toString())))
                .path("access_token").asText();
    }

    Snapshot snapshot() {
        JsonNode usage = send(HttpRequest.newBuilder(URI.create(baseUrl + "/usage"))
                .header("Authorization", "Bearer " + accessToken).GET());
        List<Session> sessions = new ArrayList<>();
        for (JsonNode s : usage.path("sessions")) {
            JsonNode closedAt = s.path("closed_at");
            sessions.add(new Session(s.path("session_id").asText(), s.path("state").asText(),
                    closedAt.isTextual() ? Instant.parse(closedAt.asText()) : null));
        }
        return new Snapshot(usage.path("concurrent_sessions").asInt(), sessions);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DemoException("the local server answered " + response.statusCode() + " to " + request.build().uri());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DemoException("cannot reach the local server at " + baseUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted");
        }
    }
}
