package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tests' own small Odyssey client on the JDK's HttpClient and WebSocket (the project's Java client
 * is another module). Keys and tokens stay inside: nothing here prints them.
 */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    TestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * A key's fingerprint as the docs tell a user to compute it ({@code printf %s "$KEY" | sha256sum | cut -c1-8}):
     * worked out here apart from the server's code, so a test compares the server with the documented rule.
     */
    static String keyFingerprint(String apiKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response with its parsed JSON body (null when the body is not JSON). */
    record Response(int status, String body, JsonNode json) {
        JsonNode detail() {
            return json.get("detail");
        }
    }

    Response send(String method, String path, String accessToken, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return send(request.build());
    }

    Response send(HttpRequest request) {
        try {
            // Bounded even for requests built without a timeout of their own.
            HttpResponse<String> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new Response(response.statusCode(), response.body(), parse(response.body()));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException(new IOException(e.getCause()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no response within " + WAIT + " for " + request.method() + " " + request.uri().getPath());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response post(String path, String accessToken, Object body) {
        return send("POST", path, accessToken, body instanceof String s ? s : write(body));
    }

    Response get(String path, String accessToken) {
        return send("GET", path, accessToken, null);
    }

    String accessToken(String apiKey) {
        Response response = post("/auth/token", null, Map.of("api_key", apiKey));
        if (response.status() != 200) {
            throw new AssertionError("auth failed with HTTP " + response.status());
        }
        return response.json().get("access_token").asText();
    }

    /** A requested session: its id, signalling URL and session token. */
    record Grant(String sessionId, String signallingUrl, String sessionToken) {
        @Override
        public String toString() {
            return "Grant[" + sessionId + "]"; // never the token
        }
    }

    Grant requestSession(String accessToken) {
        Response response = post("/sessions/request", accessToken, Map.of());
        if (response.status() != 200) {
            throw new AssertionError("session request failed with HTTP " + response.status() + ": " + redact(response.body()));
        }
        String sessionId = response.json().get("session_id").asText();
        Response token = post("/sessions/token", accessToken, Map.of("session_id", sessionId));
        if (token.status() != 200) {
            throw new AssertionError("session token failed with HTTP " + token.status());
        }
        return new Grant(sessionId, response.json().get("signalling_url").asText(),
                token.json().get("session_token").asText());
    }

    /** {@code POST /sessions/request} sent with this {@code User-Agent}; the new session's id. */
    String requestSessionAs(String accessToken, String userAgent) {
        Response response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/sessions/request")).timeout(WAIT)
                .header("Authorization", "Bearer " + accessToken).header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.status()).as("HTTP status of the session request").isEqualTo(200);
        return response.json().get("session_id").asText();
    }

    Signal connect(Grant grant) {
        return connect(grant.signallingUrl(), grant.sessionId(), grant.sessionToken());
    }

    /** Opens the session's socket and waits until {@code /usage} shows the session connected. */
    Signal connected(Grant grant) {
        Signal signal = connect(grant);
        awaitState(grant, SessionState.CONNECTED);
        return signal;
    }

    Signal connect(String signallingUrl, String sessionId, String token) {
        URI uri = URI.create(signallingUrl + "/client/" + sessionId + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        Signal signal = new Signal();
        signal.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, signal).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return signal;
    }

    Usage.SessionInfo session(String sessionId) {
        JsonNode sessions = get("/usage", null).json().get("sessions");
        for (JsonNode s : sessions) {
            if (s.get("session_id").asText().equals(sessionId)) {
                return new Usage.SessionInfo(sessionId, s.get("key_fingerprint").asText(),
                        SessionState.valueOf(s.get("state").asText().toUpperCase(java.util.Locale.ROOT)),
                        s.get("close_reason").isNull() ? null
                                : CloseReason.valueOf(s.get("close_reason").asText().toUpperCase(java.util.Locale.ROOT)),
                        null, null, s.get("client").isNull() ? null : s.get("client").asText());
            }
        }
        throw new AssertionError("session " + sessionId + " not in /usage");
    }

    /** {@code GET /usage}'s sums over every key. */
    JsonNode totals() {
        return get("/usage", null).json().get("total");
    }

    /** Waits (at most {@link #WAIT}) until {@code /usage} shows the session in this state. */
    void awaitState(Grant grant, SessionState state) {
        await("session " + grant.sessionId() + " " + state.wireName()).atMost(WAIT)
                .until(() -> session(grant.sessionId()).state() == state);
    }

    /** Waits until the session is closed, then checks why it was. */
    void awaitClosed(Grant grant, CloseReason reason) {
        awaitState(grant, SessionState.CLOSED);
        assertThat(session(grant.sessionId()).closeReason()).isEqualTo(reason);
    }

    /** A body fit for a failure message: token values masked. */
    static String redact(String body) {
        return body == null ? null
                : body.replaceAll("\"(access_token|session_token|api_key)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"***\"");
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** One signaling socket: collects the server's messages and how the socket closed. */
    static final class Signal implements WebSocket.Listener {
        WebSocket socket;
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final List<JsonNode> all = new CopyOnWriteArrayList<>();
        /** Close code and reason from the server, or an error. */
        final CompletableFuture<Map.Entry<Integer, String>> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = parse(partial.toString());
                partial.setLength(0);
                if (message != null) {
                    messages.add(message);
                    all.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(Map.entry(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(Map<String, ?> message) {
            sendRaw(write(message));
        }

        void sendRaw(String text) {
            socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        void sendBinary(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        /** The next message of this type (earlier ones of other types are skipped). */
        JsonNode next(String type) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    JsonNode message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (message != null && type.equals(message.path("type").asText())) {
                        return message;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("no '" + type + "' message within " + WAIT + "; got " + all);
        }

        Map.Entry<Integer, String> awaitClose() {
            return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        /** Graceful close as the SDK does it: client_disconnecting, then close 1000. */
        void disconnectGracefully() {
            send(Map.of("type", "client_disconnecting"));
            socket.sendClose(1000, "Client disconnect").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        void closeNormally() {
            socket.sendClose(1000, "Client disconnect").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        /** Ends the TCP connection without a close frame, like a killed process. */
        void abort() {
            socket.abort();
        }
    }
}
