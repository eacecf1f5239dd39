package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How the client calls the Odyssey REST API: JSON requests against the base URL, each bounded by the request timeout
 * and authorized with an access token, error answers turned into typed exceptions ({@link ApiErrors}), and a server
 * out of reach into a message that names the URL and where it came from ({@link NetworkErrors}). The access
 * token is exchanged for the API key once and reused while valid ({@link AccessTokenCache}); a 401 means it went
 * stale, so the call is retried once with a fresh one. Each request names the client in its {@code User-Agent}
 * ({@link ClientIdentity}). What the calls mean is left to {@link RegionLatencies},
 * {@link SessionRequests} and {@link SimulateApi}; this class knows nothing of sockets.
 */
final class OdysseyApi {

    private final HttpClient http;
    private final ApiEndpoint endpoint;
    private final String apiKey;
    private final Duration requestTimeout;
    private final Secrets secrets;
    private final AccessTokenCache accessTokens = new AccessTokenCache();

    OdysseyApi(HttpClient http, ApiEndpoint endpoint, String apiKey, Duration requestTimeout, Secrets secrets) {
        this.http = http;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.secrets = secrets;
        secrets.add(apiKey);
    }

    /** The access token, from the cache or from {@code POST /auth/token}. */
    String accessToken() {
        return accessTokens.get(this::fetchAccessToken);
    }

    private AccessTokenCache.Token fetchAccessToken() {
        ObjectNode body = Json.object().put("api_key", apiKey);
        JsonNode answer = send(withJsonBody(request("/auth/token"), body), false);
        String token = Json.text(answer, "access_token");
        if (token == null) {
            throw new OdysseyException("POST /auth/token answered without an access_token");
        }
        secrets.add(token);
        long expiresIn = answer.path("expires_in").asLong(3600);
        return new AccessTokenCache.Token(token, Duration.ofSeconds(expiresIn));
    }

    /** An authorized {@code GET path}; the answer's body. */
    JsonNode get(String path) {
        return authorized(() -> request(path).GET());
    }

    /** An authorized {@code POST path} of {@code body}; the answer's body. */
    JsonNode post(String path, JsonNode body) {
        return authorized(() -> withJsonBody(request(path), body));
    }

    /** An authorized {@code DELETE path}; the answer's body (missing when the server sent none). */
    JsonNode delete(String path) {
        return authorized(() -> request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        String base = endpoint.url().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", ClientIdentity.userAgent());
    }

    private static HttpRequest.Builder withJsonBody(HttpRequest.Builder request, JsonNode body) {
        return request
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }

    /** Sends with the bearer token; a 401 means the cached token went stale, so retry once with a fresh one. */
    private JsonNode authorized(Supplier<HttpRequest.Builder> request) {
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
        String what = request.method() + " " + request.uri().getPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Names the URL and where it came from, and what to do: the JDK's message is often empty.
            throw new OdysseyException(NetworkErrors.apiMessage(what, e, endpoint, http, requestTimeout, secrets),
                    secrets.scrub(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdysseyException(what + " was interrupted");
        }
        int status = response.statusCode();
        JsonNode body = Json.parse(response.body());
        if (status >= 200 && status < 300) {
            return body;
        }
        throw ApiErrors.from(what, withToken, status, body, response.body(), secrets);
    }
}
