package io.odysseyguard.benchmarks.fire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The harness's own correct requests on the JDK's HttpClient: the fixtures a bad input needs (an access token, a
 * session, a session token), the known-good request after every batch, {@code GET /usage}, and the graceful close of
 * a session through the real client's {@link SessionCloser}. Every secret it receives goes to the {@link SecretWatch};
 * every session it opens or closes goes to the {@link SessionLedger}.
 */
public final class WellBehavedClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A requested session: its id and the signalling URL the server handed out. */
    public record Grant(String sessionId, String signallingUrl) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final Duration bound;
    private final SecretWatch secrets;
    private final SessionLedger ledger;
    private final SessionCloser closer;

    public WellBehavedClient(HttpClient http, String baseUrl, Duration bound, SecretWatch secrets, SessionLedger ledger) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.bound = bound;
        this.secrets = secrets;
        this.ledger = ledger;
        this.closer = new SessionCloser(http);
    }

    public String accessToken(String apiKey) {
        JsonNode body = expect200(post("/auth/token", null, Map.of("api_key", apiKey)), "POST /auth/token");
        return secrets.remember(body.get("access_token").asText());
    }

    /** {@code POST /sessions/request}; the session is in the ledger from here. */
    public Grant requestSession(String accessToken) {
        JsonNode body = expect200(post("/sessions/request", accessToken, Map.of()), "POST /sessions/request");
        Grant grant = new Grant(body.get("session_id").asText(), body.get("signalling_url").asText());
        ledger.opened(grant.sessionId());
        return grant;
    }

    /** Like {@link #requestSession}, but a 429 (the key is at its limit) gives null instead of an exception. */
    public Grant tryRequestSession(String accessToken) {
        HttpResponse<String> response = post("/sessions/request", accessToken, Map.of());
        if (response.statusCode() == 429) {
            return null;
        }
        JsonNode body = expect200(response, "POST /sessions/request");
        Grant grant = new Grant(body.get("session_id").asText(), body.get("signalling_url").asText());
        ledger.opened(grant.sessionId());
        return grant;
    }

    public String sessionToken(String accessToken, String sessionId) {
        JsonNode body = expect200(post("/sessions/token", accessToken, Map.of("session_id", sessionId)),
                "POST /sessions/token");
        return secrets.remember(body.get("session_token").asText());
    }

    /** {@code GET /usage}'s {@code concurrent_sessions} over every key (its {@code total}). */
    public int concurrentSessions() {
        return expect200(get("/usage"), "GET /usage").get("total").get("concurrent_sessions").asInt();
    }

    /** The request a healthy server always answers: a key exchanged for a token. */
    public boolean knownGoodSucceeds(String apiKey) {
        try {
            accessToken(apiKey);
            return get("/regions/local/ping").statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Ends a session the way a client that lost its socket does: a fresh token, its socket, {@code client_disconnecting}
     * and close 1000 (the real client's {@link SessionCloser}, which waits for an old socket the server has not yet seen
     * end). True once the server confirmed; the ledger then counts it closed.
     */
    public boolean close(String accessToken, Grant grant) {
        return closeOrWhyNot(accessToken, grant) == null;
    }

    /** As {@link #close}: null once closed, else why not (redacted). */
    public String closeOrWhyNot(String accessToken, Grant grant) {
        String token;
        try {
            token = sessionToken(accessToken, grant.sessionId());
        } catch (RuntimeException e) {
            return "no session token: " + secrets.redact(e.getMessage());
        }
        SessionCredentials credentials = new SessionCredentials(grant.sessionId(), grant.signallingUrl(), token,
                Instant.now().plusSeconds(60));
        SessionCloser.Result result = closer.close(credentials, bound);
        if (result.closed()) {
            ledger.closed(grant.sessionId());
            return null;
        }
        return result.status() + " " + secrets.redact(result.detail());
    }

    HttpResponse<String> post(String path, String accessToken, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(bound)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(bound).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private JsonNode expect200(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": "
                    + secrets.redact(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(what + " answered a body that is not JSON", e);
        }
    }
}
