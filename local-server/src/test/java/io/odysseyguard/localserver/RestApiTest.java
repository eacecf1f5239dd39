package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST endpoints: happy paths, and every kind of bad input answered with a 4xx and no slot lost. */
@LocalOdysseyServerTest(concurrencyLimit = 2)
class RestApiTest {

    private static final String KEY = "ody_rest_api_test_key";
    private static final String OTHER_KEY = "ody_second_account_key";

    private TestClient client;
    private String token;

    @BeforeEach
    void signIn(LocalOdysseyServer server) {
        client = new TestClient(server.baseUrl());
        token = client.accessToken(KEY);
    }

    @Test
    void baseUrlAndPort(LocalOdysseyServer server) {
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.port()).isPositive();
    }

    @Test
    void authTokenAnswersAnAccessTokenAndItsLifetime() {
        TestClient.Response response = client.post("/auth/token", null, Map.of("api_key", KEY, "unknown_field", 42));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("access_token").asText()).isNotBlank();
        assertThat(response.json().get("expires_in").asLong()).isPositive();
    }

    @Test
    void authTokenRejectsBadBodiesAndKeys() {
        assertStatus(client.post("/auth/token", null, "{\"api_key\": "), 400);
        assertStatus(client.post("/auth/token", null, "not json at all"), 400);
        assertStatus(client.post("/auth/token", null, Map.of("api_key", 12345)), 422);
        assertStatus(client.post("/auth/token", null, Map.of("other", "x")), 422);
        assertStatus(client.post("/auth/token", null, "[\"ody_abcdefgh\"]"), 422);
        assertStatus(client.send("POST", "/auth/token", null, null), 422);
        assertStatus(client.post("/auth/token", null, Map.of("api_key", "ody_short")), 422);
        assertStatus(client.post("/auth/token", null, Map.of("api_key", "sk_abcdefghijkl")), 422);
    }

    @Test
    void configuredApiKeysAreTheOnlyOnesAccepted(
            @LocalOdysseyServerTest(apiKeys = "ody_the_only_good_key") LocalOdysseyServer strict) {
        TestClient strictClient = new TestClient(strict.baseUrl());
        assertStatus(strictClient.post("/auth/token", null, Map.of("api_key", "ody_some_other_key")), 401);
        assertThat(strictClient.post("/auth/token", null, Map.of("api_key", "ody_the_only_good_key")).status()).isEqualTo(200);
    }

    @Test
    void bearerTokenIsRequired(LocalOdysseyServer server) {
        assertStatus(client.post("/sessions/request", null, Map.of()), 401);
        assertStatus(client.post("/sessions/request", "not-a-token", Map.of()), 401);
        assertStatus(client.get("/regions", null), 401);
        assertStatus(client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/regions"))
                .header("Authorization", "Basic abc").build()), 401);
        assertStatus(client.get("/simulation-jobs", "nope"), 401);
        assertStatus(client.get("/recordings/x", null), 401);
    }

    @Test
    void regionsHaveAWorkingPingUrl(LocalOdysseyServer server) {
        TestClient.Response regions = client.get("/regions", token);
        assertThat(regions.status()).isEqualTo(200);
        JsonNode region = regions.json().get("regions").get(0);
        assertThat(region.get("id").asText()).isEqualTo("local");
        String pingUrl = region.get("ping_url").asText();
        assertThat(pingUrl).startsWith(server.baseUrl() + "/");

        TestClient.Response ping = client.send(HttpRequest.newBuilder(URI.create(pingUrl)).GET().build());
        assertThat(ping.status()).isEqualTo(200);
    }

    @Test
    void sessionRequestAnswersEveryFieldTheClientsRead(LocalOdysseyServer server) {
        TestClient.Response response = client.post("/sessions/request", token,
                Map.of("region_latencies", Map.of("local", 3), "something_new", true));
        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("session_id").asText()).isNotBlank();
        assertThat(json.get("signalling_url").asText()).isEqualTo("ws://127.0.0.1:" + server.port() + "/signalling");
        assertThat(json.get("streamer_id").asText()).isNotBlank();
        assertThat(json.get("model").asText()).isNotBlank();
        assertThat(json.get("region").asText()).isEqualTo("local");
        assertThat(json.get("capabilities").get("image_to_video").isBoolean()).isTrue();
        // An empty body is fine too, as the SDK sends {} or nothing.
        assertThat(client.send("POST", "/sessions/request", token, null).status()).isEqualTo(200);
    }

    @Test
    void badSessionRequestsTakeNoSlot(LocalOdysseyServer server) {
        assertStatus(client.post("/sessions/request", token, "{oops"), 400);
        assertStatus(client.post("/sessions/request", token, "[1,2]"), 422);
        assertStatus(client.post("/sessions/request", token, Map.of("region_latencies", "fast")), 422);
        assertStatus(client.post("/sessions/request", token, Map.of("region_latencies", Map.of("local", "3ms"))), 422);
        assertThat(server.usage().concurrentSessions()).isZero();
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void sessionTokenIsAJwtWithTheSessionIdClaim() {
        String sessionId = client.post("/sessions/request", token, Map.of()).json().get("session_id").asText();
        TestClient.Response response = client.post("/sessions/token", token, Map.of("session_id", sessionId));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("expires_in").asInt()).isEqualTo(600);

        String[] parts = response.json().get("session_token").asText().split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = parse(parts[0]);
        JsonNode payload = parse(parts[1]);
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(payload.get("session_id").asText()).isEqualTo(sessionId);
        assertThat(payload.get("exp").asLong()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    @LocalOdysseyServerTest(sessionTokenTtl = "5s")
    void sessionTokenLivesAsLongAsTheServerIsConfiguredTo() {
        String sessionId = client.post("/sessions/request", token, Map.of()).json().get("session_id").asText();
        long now = System.currentTimeMillis() / 1000;
        TestClient.Response response = client.post("/sessions/token", token, Map.of("session_id", sessionId));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("expires_in").asInt()).isEqualTo(5);
        long exp = parse(response.json().get("session_token").asText().split("\\.")[1]).get("exp").asLong();
        assertThat(exp - now).isBetween(4L, 6L);
    }

    @Test
    void sessionTokenForUnknownOrForeignSessionsIs404() {
        assertStatus(client.post("/sessions/token", token, Map.of("session_id", "no-such-session")), 404);
        assertStatus(client.post("/sessions/token", token, Map.of("session_id", 7)), 422);
        assertStatus(client.post("/sessions/token", token, Map.of()), 422);
        assertStatus(client.post("/sessions/token", token, "{{"), 400);

        String sessionId = client.post("/sessions/request", token, Map.of()).json().get("session_id").asText();
        String otherAccount = client.accessToken("ody_somebody_else_entirely");
        assertStatus(client.post("/sessions/token", otherAccount, Map.of("session_id", sessionId)), 404);
    }

    @Test
    void signallingConfigAnswersIceServers() {
        TestClient.Response response = client.get("/signalling/config", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("iceServers").isArray()).isTrue();
    }

    @Test
    void unknownPathsAndWrongMethodsGetJsonErrors() {
        TestClient.Response unknown = client.get("/no/such/endpoint", token);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.detail().asText()).isNotBlank();

        TestClient.Response wrongMethod = client.send("PUT", "/sessions/request", token, "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.detail().asText()).isNotBlank();
        assertStatus(client.get("/auth/token", null), 405);
        assertStatus(client.send("DELETE", "/usage", null, null), 405);
    }

    @Test
    void trailingGarbageAfterTheJsonIs400AndTakesNoSlot(LocalOdysseyServer server) {
        // Found by the server-under-fire run: the parser read the first value and ignored the rest, so this was a 200.
        assertStatus(client.post("/sessions/request", token, "{\"region_latencies\": {}} trailing"), 400);
        assertStatus(client.post("/sessions/request", token, "{}}"), 400);
        assertStatus(client.post("/auth/token", null, "{\"api_key\": \"" + KEY + "\"}{}"), 400);
        assertThat(server.usage().concurrentSessions()).isZero();
    }

    @Test
    void aBodyNotLabelledAsJsonIs415AndTakesNoSlot(LocalOdysseyServer server) {
        // Found by the server-under-fire run: any Content-Type was read as JSON, so this was a 200 and a slot taken.
        for (String contentType : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
            assertStatus(client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/sessions/request"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415);
        }
        assertThat(server.usage().concurrentSessions()).isZero();
        // JSON with parameters, a +json type, or no Content-Type at all (read as JSON, as FastAPI does) are fine.
        for (String contentType : new String[] {"application/json; charset=utf-8", "application/vnd.odyssey+json", null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/auth/token"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"api_key\": \"" + KEY + "\"}"));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            assertThat(client.send(request.build()).status()).isEqualTo(200);
        }
    }

    @Test
    void aBodyCutShortIs400AndTakesNoSlot(LocalOdysseyServer server) throws IOException {
        // Found by the server-under-fire run: the early end of the body surfaced as an unexpected error, a 500.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /sessions/request HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token + "\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"region_lat")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput(); // the body ends 28 bytes early
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 400");
        }
        assertThat(server.usage().concurrentSessions()).isZero();
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anAnnouncedOversizedBodyIs413BeforeItIsSent(LocalOdysseyServer server) throws IOException {
        // Only the headers go out: the server must answer from Content-Length alone, without reading a byte.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // skip the headers
            }
            char[] body = new char[200];
            int read = in.read(body);
            assertThat(new String(body, 0, Math.max(0, read))).contains("\"detail\"");
        }
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anOversizedChunkedBodyIsRefusedAndTheServerStaysUp(LocalOdysseyServer server) throws IOException {
        // No Content-Length: the server finds out while reading and answers 413. The client may see the
        // connection reset instead, when the server stops reading while the upload is still under way.
        String status = null;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST /sessions/request HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 24; i++) { // 1.5 MiB, over the 1 MiB limit
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException writeRefused) {
                // the server closed the connection early
            }
            try {
                status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (IOException reset) {
                // connection reset before the response could be read
            }
        }
        if (status != null) {
            assertThat(status).startsWith("HTTP/1.1 4");
        }
        assertThat(server.usage().concurrentSessions()).isZero();
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void unknownRecordingIs404() {
        assertStatus(client.get("/recordings/does-not-exist", token), 404);
    }

    @Test
    void usageNeverShowsKeysOrTokens(LocalOdysseyServer server) {
        TestClient.Grant grant = client.requestSession(token);
        client.connect(grant);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.usage().session(grant.sessionId())
                .map(s -> s.state() == SessionState.CONNECTED).orElse(false));

        String usage = client.get("/usage", null).body();

        assertThat(usage).contains(grant.sessionId());
        assertThat(usage.contains(KEY)).as("usage contains the API key").isFalse();
        assertThat(usage.contains(token)).as("usage contains the access token").isFalse();
        assertThat(usage.contains(grant.sessionToken())).as("usage contains the session token").isFalse();
        JsonNode byKey = client.get("/usage", null).json();
        assertThat(byKey.fieldNames()).toIterable().containsExactly(
                "concurrent_limit_per_key", "as_of", "keys", "total", "sessions");
        assertThat(byKey.get("keys").get(0).fieldNames()).toIterable().containsExactly("key_fingerprint",
                "concurrent_sessions", "concurrent_limit", "limit_refusals", "active_streams", "total_stream_seconds",
                "simulation_seconds");
        assertThat(byKey.get("total").fieldNames()).toIterable().containsExactly(
                "concurrent_sessions", "limit_refusals", "active_streams", "total_stream_seconds", "simulation_seconds");
        JsonNode oneKey = client.get("/usage", token).json();
        assertThat(oneKey.fieldNames()).toIterable().containsExactly("key_fingerprint", "concurrent_sessions",
                "active_streams", "concurrent_limit", "limit_refusals", "total_stream_seconds", "simulation_seconds", "as_of",
                "sessions");
        assertThat(oneKey.toString()).doesNotContain(KEY).doesNotContain(token);
        JsonNode session = byKey.get("sessions").get(0);
        assertThat(session.fieldNames()).toIterable().containsExactly("session_id", "key_fingerprint", "state",
                "close_reason", "opened_at", "closed_at", "client");
        assertThat(session.get("opened_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(session.get("closed_at").isNull()).isTrue();
        assertThat(session.get("close_reason").isNull()).isTrue();
    }

    @Test
    void usageWithoutATokenCountsEachKeyAgainstItsOwnLimit() {
        String other = client.accessToken(OTHER_KEY);
        client.post("/sessions/request", token, Map.of());
        client.post("/sessions/request", token, Map.of());
        assertStatus(client.post("/sessions/request", token, Map.of()), 429); // this key is at its limit of 2...
        client.post("/sessions/request", other, Map.of()); // ...another key is not

        JsonNode usage = client.get("/usage", null).json();

        assertThat(usage.get("concurrent_limit_per_key").asInt()).isEqualTo(2);
        JsonNode keys = usage.get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("key_fingerprint").asText()).isEqualTo(TestClient.keyFingerprint(KEY));
        assertThat(keys.get(0).get("concurrent_sessions").asInt()).isEqualTo(2);
        assertThat(keys.get(0).get("concurrent_limit").asInt()).isEqualTo(2);
        assertThat(keys.get(1).get("key_fingerprint").asText()).isEqualTo(TestClient.keyFingerprint(OTHER_KEY));
        assertThat(keys.get(1).get("concurrent_sessions").asInt()).isEqualTo(1);
        assertThat(usage.get("total").get("concurrent_sessions").asInt()).isEqualTo(3);
        // the refusal is counted for the key it refused, and in the total
        assertThat(keys.get(0).get("limit_refusals").asInt()).isEqualTo(1);
        assertThat(keys.get(1).get("limit_refusals").asInt()).isZero();
        assertThat(usage.get("total").get("limit_refusals").asInt()).isEqualTo(1);
        assertThat(client.get("/usage", token).json().get("limit_refusals").asInt()).isEqualTo(1);
        assertThat(client.get("/usage", other).json().get("limit_refusals").asInt()).isZero();
        assertThat(usage.has("concurrent_sessions")).as("a sum over keys next to a per-key limit").isFalse();
        assertThat(usage.get("sessions").findValuesAsText("key_fingerprint"))
                .containsExactlyInAnyOrder(TestClient.keyFingerprint(KEY), TestClient.keyFingerprint(KEY), TestClient.keyFingerprint(OTHER_KEY));
    }

    @Test
    void usageWithABearerTokenIsThatKeysOnly() {
        client.post("/sessions/request", token, Map.of());
        String other = client.accessToken(OTHER_KEY);
        client.post("/sessions/request", other, Map.of());

        JsonNode usage = client.get("/usage", other).json();
        assertThat(usage.get("key_fingerprint").asText()).isEqualTo(TestClient.keyFingerprint(OTHER_KEY));
        assertThat(usage.get("concurrent_sessions").asInt()).isEqualTo(1);
        assertThat(usage.get("sessions")).hasSize(1);
        assertThat(client.totals().get("concurrent_sessions").asInt()).isEqualTo(2);
        assertStatus(client.get("/usage", "bogus"), 401);
    }

    @Test
    void sinceLeavesEarlierClosedSessionsOutOfTheListButNotOutOfTheCounts() {
        TestClient.Grant held = client.requestSession(token);
        String other = client.accessToken(OTHER_KEY);
        TestClient.Grant finished = client.requestSession(other);
        TestClient.Signal signal = client.connected(finished);
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a lighthouse at dusk"));
        signal.next("stream_started");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.totals().get("total_stream_seconds").asDouble() > 0);
        signal.disconnectGracefully();
        client.awaitState(finished, SessionState.CLOSED);
        JsonNode before = client.get("/usage", null).json();
        String asOf = before.get("as_of").asText();
        TestClient.Grant later = client.requestSession(token);

        JsonNode after = client.get("/usage?since=" + asOf, null).json();

        assertThat(after.get("sessions").findValuesAsText("session_id"))
                .containsExactly(later.sessionId(), held.sessionId());
        assertThat(after.get("keys").findValuesAsText("key_fingerprint")).containsExactly(TestClient.keyFingerprint(KEY));
        assertThat(after.get("total").get("total_stream_seconds").asDouble())
                .isPositive().isEqualTo(before.get("total").get("total_stream_seconds").asDouble());
        JsonNode ownAfter = client.get("/usage?since=" + asOf, other).json();
        assertThat(ownAfter.get("sessions")).isEmpty();
        assertThat(ownAfter.get("total_stream_seconds").asDouble()).isPositive();
        assertThat(client.get("/usage", null).json().get("sessions")).hasSize(3); // nothing was lost

        TestClient.Response bad = client.get("/usage?since=yesterday", null);
        assertStatus(bad, 422);
        assertThat(bad.detail().asText()).contains("since").contains("ISO-8601");
    }

    @Test
    void eachSessionSaysWhoHoldsItAsTheClientNamedItself() {
        String agent = "odyssey-java-client/1.2.3 (Java 17.0.9; odyssey-guard 1.2.3; pid 4242; main acme.App)";
        String sessionId = client.requestSessionAs(token, agent);
        String longId = client.requestSessionAs(token, "x".repeat(300));

        JsonNode sessions = client.get("/usage", null).json().get("sessions");
        assertThat(sessionIn(sessions, sessionId).get("client").asText()).isEqualTo(agent);
        assertThat(sessionIn(sessions, longId).get("client").asText()).hasSize(200).startsWith("xxxx").endsWith("\u2026");
    }

    private static JsonNode sessionIn(JsonNode sessions, String sessionId) {
        for (JsonNode s : sessions) {
            if (s.get("session_id").asText().equals(sessionId)) {
                return s;
            }
        }
        throw new AssertionError("session " + sessionId + " not listed");
    }

    @Test
    @LocalOdysseyServerTest(streamers = 1)
    void noFreeStreamerIs503UntilOneIsReleased() {
        TestClient.Grant grant = client.requestSession(token);

        assertStatus(client.post("/sessions/request", token, Map.of()), 503);

        client.connect(grant).disconnectGracefully();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.post("/sessions/request", token, Map.of()).status() == 200);
    }

    @Test
    void dashboardIsServed() {
        TestClient.Response page = client.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Concurrent sessions").contains("/dashboard/dashboard.js");
        assertThat(client.get("/dashboard/dashboard.js", null).status()).isEqualTo(200);
        assertThat(client.get("/dashboard/dashboard.css", null).status()).isEqualTo(200);
        assertStatus(client.get("/dashboard/secrets.txt", null), 404);
        assertStatus(client.get("/dashboard/..%2FMain.class", null), 404);
    }

    private static void assertStatus(TestClient.Response response, int status) {
        String shown = TestClient.redact(response.body());
        assertThat(response.status()).as("HTTP status, body %s", shown).isEqualTo(status);
        assertThat(response.json()).as("JSON body of a %s", status).isNotNull();
        assertThat(response.json().has("detail")).as("'detail' in %s", shown).isTrue();
    }

    private static JsonNode parse(String base64Url) {
        try {
            return TestClient.JSON.readTree(Base64.getUrlDecoder().decode(base64Url));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
