package io.odysseyguard.localserver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST endpoints of the Odyssey API, with the real status codes and {@code {"detail": ...}} error bodies.
 * Request bodies are read as JSON trees and checked field by field: unknown fields are ignored (like the
 * lenient real API), a field of the wrong type is a 422, a body that is not JSON at all a 400.
 * Nothing here logs a request body, a key or a token.
 */
final class RestApi {

    /** The one region the stand-in has. */
    static final String REGION_ID = "local";
    static final String SIGNALLING_PATH = "/signalling";

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final int CLIENT_NAME_MAX = 200;
    private static final Pattern SANE_HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");

    private final ServerConfig config;
    private final ApiKeys apiKeys;
    private final AccessTokens accessTokens;
    private final SessionTokens sessionTokens;
    private final SessionRegistry sessions;
    private final SimulationQueue simulations;
    private final RecordingStore recordings;

    RestApi(ServerConfig config, ApiKeys apiKeys, AccessTokens accessTokens, SessionTokens sessionTokens,
            SessionRegistry sessions, SimulationQueue simulations, RecordingStore recordings) {
        this.config = config;
        this.apiKeys = apiKeys;
        this.accessTokens = accessTokens;
        this.sessionTokens = sessionTokens;
        this.sessions = sessions;
        this.simulations = simulations;
        this.recordings = recordings;
    }

    void register(RoutesConfig routes) {
        routes.post("/auth/token", this::authToken);
        routes.get("/regions", this::regions);
        routes.get("/regions/{region}/ping", this::ping);
        routes.post("/sessions/request", this::requestSession);
        routes.post("/sessions/token", this::sessionToken);
        routes.get(SIGNALLING_PATH + "/config", this::iceConfig);
        routes.post("/simulation-jobs", this::submitSimulation);
        routes.get("/simulation-jobs", this::listSimulations);
        routes.get("/simulation-jobs/{job_id}", ctx -> json(ctx, 200,
                simulations.get(account(ctx), ctx.pathParam("job_id"))));
        routes.delete("/simulation-jobs/{job_id}", ctx -> json(ctx, 200,
                simulations.cancel(account(ctx), ctx.pathParam("job_id"))));
        routes.get("/recordings/{stream_id}", this::recording);
        routes.get("/usage", this::usage);
    }

    /** One account's {@code GET /usage} numbers, or those numbers summed over every account when it is null. */
    Usage usage(String accountIdOrNull) {
        return sessions.usage(accountIdOrNull, simulations.simulationSeconds(accountIdOrNull), null);
    }

    /** {@code GET /usage} without a token: every key apart. */
    UsageByKey usageByKey() {
        return sessions.usageByKey(simulations::simulationSeconds, null);
    }

    // ---- handlers ----------------------------------------------------------------------------

    private void authToken(Context ctx) {
        JsonNode body = objectBody(ctx, false);
        String apiKey = requiredString(body, "api_key");
        String accountId = apiKeys.authenticate(apiKey);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", accessTokens.issue(accountId));
        out.put("token_type", "bearer");
        out.put("expires_in", AccessTokens.TTL.toSeconds());
        json(ctx, 200, out);
    }

    private void regions(Context ctx) {
        account(ctx);
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("id", REGION_ID);
        region.put("name", "Local");
        region.put("ping_url", publicHttpBase(ctx) + "/regions/" + REGION_ID + "/ping");
        json(ctx, 200, Map.of("regions", List.of(region)));
    }

    /** What a region's {@code ping_url} answers: fast, no auth, like a health check. */
    private void ping(Context ctx) {
        if (!REGION_ID.equals(ctx.pathParam("region"))) {
            throw ApiException.notFound("Unknown region");
        }
        json(ctx, 200, Map.of("status", "ok", "region", REGION_ID));
    }

    private void requestSession(Context ctx) {
        String accountId = account(ctx);
        JsonNode body = objectBody(ctx, true);
        JsonNode latencies = body.get("region_latencies");
        if (latencies != null && !latencies.isNull()) {
            if (!latencies.isObject()) {
                throw ApiException.unprocessable("region_latencies must be an object of region id to milliseconds");
            }
            for (Map.Entry<String, JsonNode> latency : latencies.properties()) {
                if (!latency.getValue().isNumber()) {
                    throw ApiException.unprocessable("region_latencies values must be numbers");
                }
            }
        }
        Session session = sessions.request(accountId, clientName(ctx.header("User-Agent")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", session.id);
        out.put("signalling_url", publicWsBase(ctx) + SIGNALLING_PATH);
        out.put("streamer_id", session.streamerId);
        out.put("model", "odyssey-local");
        out.put("region", REGION_ID);
        out.put("capabilities", Map.of("image_to_video", true));
        json(ctx, 200, out);
    }

    private void sessionToken(Context ctx) {
        String accountId = account(ctx);
        String sessionId = requiredString(objectBody(ctx, false), "session_id");
        if (!sessions.isOpenFor(sessionId, accountId)) {
            throw ApiException.notFound("Session not found");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_token", sessionTokens.issue(sessionId));
        out.put("expires_in", sessionTokens.ttl().toSeconds());
        json(ctx, 200, out);
    }

    /** ICE servers for WebRTC; the stand-in streams no video, so there are none. */
    private void iceConfig(Context ctx) {
        json(ctx, 200, Map.of("iceServers", List.of()));
    }

    private void submitSimulation(Context ctx) {
        String accountId = account(ctx);
        json(ctx, 200, simulations.submit(accountId, objectBody(ctx, false)));
    }

    private void listSimulations(Context ctx) {
        String accountId = account(ctx);
        String status = ctx.queryParam("status");
        boolean active = "true".equalsIgnoreCase(ctx.queryParam("active"));
        int limit = intParam(ctx, "limit", 20, 1, 100);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        json(ctx, 200, simulations.list(accountId,
                status == null ? null : SimulationJob.Status.parse(status), active, limit, offset));
    }

    private void recording(Context ctx) {
        String accountId = account(ctx);
        json(ctx, 200, recordings.find(ctx.pathParam("stream_id"), accountId)
                .orElseThrow(() -> ApiException.notFound("Recording not found")));
    }

    /** With a bearer token that key's usage; without one every key apart, by fingerprint. */
    private void usage(Context ctx) {
        String header = ctx.header("Authorization");
        String accountId = header == null ? null : accessTokens.accountOf(header);
        Instant since = instantParam(ctx, "since");
        ctx.header("Cache-Control", "no-store");
        if (accountId == null) {
            json(ctx, 200, sessions.usageByKey(simulations::simulationSeconds, since));
        } else {
            json(ctx, 200, sessions.usage(accountId, simulations.simulationSeconds(accountId), since));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String account(Context ctx) {
        return accessTokens.accountOf(ctx.header("Authorization"));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /** The body as a JSON object; an empty body is {@code {}} where {@code emptyAllowed}. */
    private static JsonNode objectBody(Context ctx, boolean emptyAllowed) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (emptyAllowed) {
                return Json.MAPPER.createObjectNode();
            }
            throw ApiException.unprocessable("Request body is required");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiException.badRequest("Malformed JSON body");
        } catch (IOException e) {
            throw ApiException.badRequest("Unreadable request body");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.unprocessable("Request body must be a JSON object");
        }
        return node;
    }

    private static String requiredString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.unprocessable("Field '" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw ApiException.unprocessable("Field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            LOG.debug("bad {} parameter", name);
        }
        throw ApiException.unprocessable(name + " must be an integer between " + min + " and " + max);
    }

    private static Instant instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable(name + " must be an ISO-8601 instant such as 2026-12-03T10:15:30Z");
        }
    }

    /**
     * Who the client says it is, for the dashboard: its {@code User-Agent} with anything unprintable replaced and cut
     * to {@value #CLIENT_NAME_MAX} characters (it is shown to people, and anyone may send anything); null when absent.
     */
    static String clientName(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String printable = userAgent.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= CLIENT_NAME_MAX ? printable : printable.substring(0, CLIENT_NAME_MAX - 1) + "\u2026";
    }

    /** URLs the server hands out name the host the client used to reach it, so they work from anywhere. */
    private String publicHttpBase(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !SANE_HOST.matcher(host).matches()) {
            host = LocalOdysseyServer.advertisedHost(config.host()) + ":" + ctx.port();
        }
        return "http://" + host;
    }

    private String publicWsBase(Context ctx) {
        return "ws" + publicHttpBase(ctx).substring("http".length());
    }
}
