package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The REST half of the protocol: token exchange, regions, session requests, session tokens and
 * the Simulate API. Maps error statuses to the typed exceptions; knows nothing of sockets.
 */
final class OdysseyApi {

    private static final System.Logger LOG = System.getLogger(OdysseyApi.class.getName());
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration QUEUE_POLL_INTERVAL = Duration.ofSeconds(1);

    /** A region the server offers, with the URL to measure latency against. */
    record Region(String id, String pingUrl) {
    }

    /** The answer to {@code POST /sessions/request}: the session and where its signaling socket is. */
    record SessionGrant(String sessionId, String signallingUrl, String region) {
    }

    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration requestTimeout;
    private final Secrets secrets;
    private final AccessTokenCache accessTokens = new AccessTokenCache();

    OdysseyApi(HttpClient http, URI baseUrl, String apiKey, Duration requestTimeout, Secrets secrets) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.secrets = secrets;
        secrets.add(apiKey);
    }

    // ---- auth --------------------------------------------------------------------------------

    String accessToken() {
        return accessTokens.get(this::fetchAccessToken);
    }

    private AccessTokenCache.Token fetchAccessToken() {
        ObjectNode body = Json.object().put("api_key", apiKey);
        JsonNode answer = send(post("/auth/token", body), false);
        String token = Json.text(answer, "access_token");
        if (token == null) {
            throw new OdysseyException("POST /auth/token answered without an access_token");
        }
        secrets.add(token);
        long expiresIn = answer.path("expires_in").asLong(3600);
        return new AccessTokenCache.Token(token, Duration.ofSeconds(expiresIn));
    }

    // ---- regions -----------------------------------------------------------------------------

    List<Region> regions() {
        JsonNode answer = sendWithToken(() -> get("/regions"));
        List<Region> regions = new ArrayList<>();
        for (JsonNode region : answer.path("regions")) {
            String id = Json.text(region, "id");
            if (id != null) {
                regions.add(new Region(id, Json.text(region, "ping_url")));
            }
        }
        return regions;
    }

    /**
     * Pings every region in parallel, each bounded by a short timeout; regions that fail or time
     * out are left out (the server then chooses for us).
     */
    Map<String, Long> pingRegions(List<Region> regions) {
        Map<String, CompletableFuture<Long>> pings = new LinkedHashMap<>();
        for (Region region : regions) {
            if (region.pingUrl() == null) {
                continue;
            }
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(region.pingUrl()))
                        .timeout(PING_TIMEOUT).GET().build();
                long started = System.nanoTime();
                pings.put(region.id(), http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(response -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "region {0} has an unusable ping_url", region.id());
            }
        }
        Map<String, Long> latencies = new LinkedHashMap<>();
        long deadline = System.nanoTime() + PING_TIMEOUT.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        pings.forEach((id, ping) -> {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                latencies.put(id, ping.get(left, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                ping.cancel(true);
                LOG.log(System.Logger.Level.DEBUG, "ping of region {0} failed: {1}", id, e.getClass().getSimpleName());
            }
        });
        return latencies;
    }

    // ---- sessions ----------------------------------------------------------------------------

    /**
     * {@code POST /sessions/request}, waiting in the queue while the server answers 503: polls once
     * a second until {@code queueTimeout}, or until {@code cancelled} says the caller gave up.
     */
    SessionGrant requestSession(Map<String, Long> regionLatencies, Duration queueTimeout, BooleanSupplier cancelled) {
        ObjectNode body = Json.object();
        if (!regionLatencies.isEmpty()) {
            ObjectNode latencies = body.putObject("region_latencies");
            regionLatencies.forEach(latencies::put);
        }
        long deadline = System.nanoTime() + queueTimeout.toNanos();
        while (true) {
            try {
                JsonNode answer = sendWithToken(() -> post("/sessions/request", body));
                String sessionId = Json.text(answer, "session_id");
                String signallingUrl = Json.text(answer, "signalling_url");
                if (sessionId == null || signallingUrl == null) {
                    throw new OdysseyException("POST /sessions/request answered without session_id or signalling_url");
                }
                return new SessionGrant(sessionId, signallingUrl, Json.text(answer, "region"));
            } catch (OdysseyApiException e) {
                if (e.statusCode() != 503) {
                    throw e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new QueueTimeoutException(queueTimeout);
                }
                LOG.log(System.Logger.Level.DEBUG, "no streamer free yet (503); waiting in the queue");
                sleep(Math.min(left, QUEUE_POLL_INTERVAL.toNanos()));
            }
            if (cancelled.getAsBoolean()) {
                throw new OdysseyException("connect() was abandoned: disconnect() was called while waiting in the queue");
            }
        }
    }

    /** {@code POST /sessions/token}: the short-lived token that opens the signaling socket. */
    String sessionToken(String sessionId) {
        ObjectNode body = Json.object().put("session_id", sessionId);
        JsonNode answer = sendWithToken(() -> post("/sessions/token", body));
        String token = Json.text(answer, "session_token");
        if (token == null) {
            throw new OdysseyException("POST /sessions/token answered without a session_token");
        }
        secrets.add(token);
        String claimed = sessionIdClaim(token);
        if (!sessionId.equals(claimed)) {
            throw new OdysseyException("the session token was issued for another session than " + sessionId);
        }
        return token;
    }

    /**
     * Reads the {@code session_id} claim from the session token's JWT payload, as the official SDK
     * does; a token that is not such a JWT is refused like the SDK refuses it.
     */
    private static String sessionIdClaim(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new OdysseyException("the session token is not a JWT");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode claims = Json.parse(new String(payload, StandardCharsets.UTF_8));
            String claimed = Json.text(claims, "session_id");
            if (claimed == null) {
                throw new OdysseyException("the session token carries no session_id claim");
            }
            return claimed;
        } catch (IllegalArgumentException e) {
            throw new OdysseyException("the session token's payload is not base64url");
        }
    }

    // ---- Simulate API ------------------------------------------------------------------------

    SimulationJob submitSimulation(SimulationRequest request) {
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
        return toJob(sendWithToken(() -> post("/simulation-jobs", body)));
    }

    SimulationJob simulation(String jobId) {
        return toJob(sendWithToken(() -> get("/simulation-jobs/" + encode(jobId))));
    }

    List<SimulationJob> simulations() {
        JsonNode answer = sendWithToken(() -> get("/simulation-jobs"));
        // A bare array, or an object wrapping one (servers differ on the envelope).
        JsonNode items = answer.isArray() ? answer : firstArray(answer, "jobs", "simulation_jobs", "items", "data", "results");
        List<SimulationJob> jobs = new ArrayList<>();
        for (JsonNode item : items) {
            jobs.add(toJob(item));
        }
        return jobs;
    }

    SimulationJob cancelSimulation(String jobId) {
        JsonNode answer = sendWithToken(() -> request("/simulation-jobs/" + encode(jobId)).DELETE());
        // Some servers answer 204 without a body: the job is cancelled all the same.
        return answer.isObject() && answer.hasNonNull("job_id") ? toJob(answer)
                : new SimulationJob(jobId, SimulationStatus.CANCELLED, null, List.of(), Map.of());
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

    // ---- HTTP plumbing -----------------------------------------------------------------------

    private HttpRequest.Builder request(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, JsonNode body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }

    /** Sends with the bearer token; a 401 means the cached token went stale, so retry once with a fresh one. */
    private JsonNode sendWithToken(java.util.function.Supplier<HttpRequest.Builder> request) {
        String token = accessToken();
        try {
            return send(request.get().header("Authorization", "Bearer " + token), true);
        } catch (OdysseyAuthenticationException e) {
            if (e.statusCode() != 401) {
                throw e;
            }
            accessTokens.invalidate(token);
            return send(request.get().header("Authorization", "Bearer " + accessToken()), true);
        }
    }

    private JsonNode send(HttpRequest.Builder builder, boolean withToken) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : secrets.redact(e.getMessage());
            throw new OdysseyException(request.method() + " " + request.uri().getPath() + " failed: " + reason,
                    secrets.scrub(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdysseyException(request.method() + " " + request.uri().getPath() + " was interrupted");
        }
        int status = response.statusCode();
        JsonNode body = Json.parse(response.body());
        if (status >= 200 && status < 300) {
            return body;
        }
        String what = request.method() + " " + request.uri().getPath();
        switch (status) {
            case 401, 403, 422 -> throw new OdysseyAuthenticationException(status,
                    what + " refused the " + (withToken ? "access token" : "API key") + " (" + status + "): " + detailText(body, response.body()));
            case 429 -> throw UsageErrors.from(body, secrets);
            default -> throw new OdysseyApiException(status, what + " answered " + status + ": " + detailText(body, response.body()));
        }
    }

    /** The human text of an error body: {@code detail} as text, or {@code detail.message}, redacted and bounded. */
    private String detailText(JsonNode body, String raw) {
        JsonNode detail = body.path("detail");
        String text;
        if (detail.isTextual()) {
            text = detail.asText();
        } else if (detail.isObject() && detail.hasNonNull("message")) {
            text = detail.get("message").asText();
        } else if (body.hasNonNull("message")) {
            text = body.get("message").asText();
        } else {
            text = raw == null ? "" : raw;
        }
        text = secrets.redact(text);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdysseyException("interrupted while waiting in the queue");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
