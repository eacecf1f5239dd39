package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The signaling WebSocket: token checks, message handling, and bad frames that never leak a slot. */
@LocalOdysseyServerTest(concurrencyLimit = 2, heartbeatTimeout = "2s")
class SignalingSocketTest {

    private static final String KEY = "ody_signaling_test_key";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private LocalOdysseyServer server;
    private TestClient client;
    private String token;

    @BeforeEach
    void signIn(LocalOdysseyServer server) {
        this.server = server;
        client = new TestClient(server.baseUrl());
        token = client.accessToken(KEY);
    }

    @Test
    void aMissingTokenIsRefused() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant.signallingUrl(), grant.sessionId(), "");
        assertRefused(signal, "missing session token");
        assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.REQUESTED);
    }

    @Test
    void aTokenSignedByAnyoneElseIsRefused() {
        TestClient.Grant grant = client.requestSession(token);
        String forged = JWT.create().withIssuer("odyssey-local-server").withClaim("session_id", grant.sessionId())
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256("not the server's secret"));
        assertRefused(client.connect(grant.signallingUrl(), grant.sessionId(), forged), "invalid session token");
        assertRefused(client.connect(grant.signallingUrl(), grant.sessionId(), "a.b.c"), "invalid session token");
        assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.REQUESTED);
    }

    @Test
    void aTokenForAnotherSessionIsRefused() {
        TestClient.Grant first = client.requestSession(token);
        TestClient.Grant second = client.requestSession(token);
        assertRefused(client.connect(first.signallingUrl(), second.sessionId(), first.sessionToken()),
                "session token is for another session");
        assertThat(client.session(second.sessionId()).state()).isEqualTo(SessionState.REQUESTED);
    }

    @Test
    void expiredTokensAreRefused() {
        SessionTokens tokens = new SessionTokens(Duration.ofSeconds(2)); // a JWT expiry is whole seconds: 1 s could be gone at once
        String shortLived = tokens.issue("s-1");
        tokens.verify(shortLived, "s-1");
        await().atMost(PATIENCE).untilAsserted(() -> assertThatThrownBy(() -> tokens.verify(shortLived, "s-1"))
                .isInstanceOf(SessionTokens.InvalidTokenException.class)
                .hasMessage("session token expired"));
        assertThatThrownBy(() -> tokens.verify(tokens.issue("s-2"), "s-1")).hasMessage("session token is for another session");
    }

    @Test
    void aSecondSocketIsRefusedAndTheFirstKeepsTheSession() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal first = client.connected(grant);

        assertRefused(client.connect(grant), "session already has a connected client");

        first.send(Map.of("type", "interactive_stream_start", "prompt", "still mine"));
        assertThat(first.next("stream_started").get("stream_id").asText()).isNotBlank();
        assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.CONNECTED);
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);
    }

    @Test
    void streamMessagesOutOfOrderGetStreamErrorsButKeepTheConnection() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        assertStreamError(signal, Map.of("type", "update", "prompt", "nothing runs"), "no_active_stream");
        assertStreamError(signal, Map.of("type", "interactive_stream_end"), "no_active_stream");
        assertStreamError(signal, Map.of("type", "interactive_stream_start", "prompt", 42), "invalid_request");

        signal.send(Map.of("type", "interactive_stream_start", "prompt", "ok"));
        signal.next("stream_started");
        assertStreamError(signal, Map.of("type", "interactive_stream_start", "prompt", "again"), "stream_already_active");
        assertThat(server.usage().activeStreams()).isEqualTo(1);
    }

    @Test
    void webRtcAndUnknownMessagesAreIgnored() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.send(Map.of("type", "answer", "sdp", "v=0"));
        signal.send(Map.of("type", "ice_candidate", "candidate", Map.of("candidate", "x")));
        signal.send(Map.of("type", "from_the_future", "extra", 1));
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "works", "portrait", false, "broadcast", true));

        signal.next("stream_started");
        assertThat(signal.all).noneMatch(m -> m.path("type").asText().equals("error"));
        assertThat(signal.closed).isNotDone();
    }

    @Test
    void malformedFramesCloseWith1003AndTheSlotIsReapedLater() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.sendRaw("{this is not json");

        assertMalformed(signal);
        assertNoLeak(grant);
    }

    @Test
    void framesWithoutAStringTypeCloseWith1003() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.sendRaw("[\"keepalive\"]");
        assertMalformed(signal);

        TestClient.Grant other = client.requestSession(token);
        TestClient.Signal typeless = client.connect(other);
        typeless.sendRaw("{\"type\": 5}");
        assertThat(typeless.awaitClose().getKey()).isEqualTo(1003);
        assertNoLeak(grant);
        assertNoLeak(other);
    }

    @Test
    void aMessageWithTrailingGarbageClosesWith1003() {
        // Found by the server-under-fire run: the parser ignored what followed the object, so this was a keepalive.
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.sendRaw("{\"type\":\"keepalive\"} trailing");

        assertMalformed(signal);
        assertNoLeak(grant);
    }

    @Test
    void anUpgradeWithoutItsKeyIs400(LocalOdysseyServer server) throws java.io.IOException {
        // Found by the server-under-fire run: Jetty's refusal of the handshake surfaced as an unexpected error, a 500.
        TestClient.Grant grant = client.requestSession(token);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /signalling/client/" + grant.sessionId() + "?token=x HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 400");
        }
        assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.REQUESTED);
    }

    @Test
    void oversizedFramesCloseWith1009() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.sendRaw("{\"type\":\"update\",\"prompt\":\"" + "x".repeat(SignalingSocket.MAX_TEXT_FRAME) + "\"}");

        assertThat(signal.awaitClose().getKey()).isEqualTo(1009);
        assertNoLeak(grant);
    }

    @Test
    void binaryFramesCloseWith1003() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.sendBinary(new byte[] {1, 2, 3});

        assertThat(signal.next("error").get("reason").asText()).contains("binary");
        assertThat(signal.awaitClose().getKey()).isEqualTo(1003);
        assertNoLeak(grant);
    }

    @Test
    void messagesAfterClientDisconnectingAreRefused() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.send(Map.of("type", "client_disconnecting"));
        client.awaitState(grant, SessionState.CLOSED);

        signal.send(Map.of("type", "keepalive"));

        assertThat(signal.next("error").get("reason").asText()).isEqualTo("session closed");
        assertThat(signal.awaitClose().getKey()).isEqualTo(1008);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
    }

    @Test
    void stoppingTheServerClosesSocketsWith1001() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connected(grant);

        server.close();

        assertThat(signal.awaitClose().getKey()).isEqualTo(1001);
    }

    /** A stream request that does not fit gets {@code interactive_stream_error} with this reason. */
    private static void assertStreamError(TestClient.Signal signal, Map<String, ?> request, String reason) {
        signal.send(request);
        assertThat(signal.next("interactive_stream_error").get("reason").asText()).isEqualTo(reason);
    }

    /** A frame that is not a JSON object with a string type: an {@code error} frame, then close 1003. */
    private static void assertMalformed(TestClient.Signal signal) {
        assertThat(signal.next("error").get("reason").asText()).startsWith("malformed message");
        assertThat(signal.awaitClose().getKey()).isEqualTo(1003);
    }

    private static void assertRefused(TestClient.Signal signal, String reason) {
        JsonNode error = signal.next("error");
        assertThat(error.get("reason").asText()).isEqualTo(reason);
        Map.Entry<Integer, String> close = signal.awaitClose();
        assertThat(close.getKey()).isEqualTo(1008);
        assertThat(close.getValue()).isEqualTo(reason);
    }

    /** A socket that ended badly leaves its session dangling; the heartbeat timeout then frees the slot. */
    private void assertNoLeak(TestClient.Grant grant) {
        client.awaitClosed(grant, CloseReason.HEARTBEAT_TIMEOUT);
        await().atMost(PATIENCE).until(() -> server.usage().concurrentSessions() == 0 || server.usage().sessions().stream()
                .noneMatch(s -> s.sessionId().equals(grant.sessionId()) && s.state().isOpen()));
    }
}
