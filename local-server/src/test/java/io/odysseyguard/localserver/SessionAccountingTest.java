package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The concurrent limit and every way a session ends, over real loopback sockets. */
class SessionAccountingTest {

    private static final String KEY = "ody_accounting_test_key";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private LocalOdysseyServer server;
    private TestClient client;

    private String start(ServerConfig config) {
        server = LocalOdysseyServer.start(config);
        client = new TestClient(server.baseUrl());
        return client.accessToken(KEY);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sixthConcurrentSessionIsRefusedWithTheUsageErrorBody() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(5));
        for (int i = 0; i < 5; i++) {
            assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        }

        TestClient.Response sixth = client.post("/sessions/request", token, Map.of());

        assertThat(sixth.status()).isEqualTo(429);
        JsonNode detail = sixth.detail();
        assertThat(detail.get("error").asText()).isEqualTo("CONCURRENT_LIMIT_REACHED");
        assertThat(detail.get("message").asText()).isNotBlank();
        assertThat(detail.get("action").asText()).isNotBlank();
        assertThat(detail.get("details").get("active_count").asInt()).isEqualTo(5);
        assertThat(detail.get("details").get("limit").asInt()).isEqualTo(5);
        assertThat(server.usage().concurrentSessions()).isEqualTo(5);
    }

    @Test
    void limitIsPerApiKey() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(1));
        String otherToken = client.accessToken("ody_another_account_key");
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(429);
        assertThat(client.post("/sessions/request", otherToken, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void clientDisconnectingFreesTheSlotAtOnce() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(1));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CONNECTED);

        signal.disconnectGracefully();

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void closeCode1000AloneIsGracefulToo() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(1));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CONNECTED);

        signal.closeNormally();

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        assertThat(server.usage().concurrentSessions()).isZero();
    }

    @Test
    void abruptSocketEndLeavesTheSessionDanglingUntilItsHeartbeatTimesOut() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(1).withHeartbeatTimeout(Duration.ofSeconds(2)));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CONNECTED);

        signal.abort();

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.DANGLING);
        // Dangling still counts: the slot is taken until the server notices the missing heartbeats.
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(429);

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void keepalivesKeepAConnectedSessionAlivePastTheHeartbeatTimeout() {
        Duration heartbeat = Duration.ofSeconds(2);
        String token = start(ServerConfig.defaults().withHeartbeatTimeout(heartbeat));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        long until = System.nanoTime() + heartbeat.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            signal.send(Map.of("type", "keepalive"));
            assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.CONNECTED);
            sleep(Duration.ofMillis(200)); // the keepalive cadence itself, not a wait for a condition
        }

        // Silence now: the same session is reaped once the heartbeat timeout passes.
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
        assertThat(signal.awaitClose().getKey()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT.closeCode());
    }

    @Test
    void aSessionWhoseSocketNeverOpensExpiresAfterTheConnectTimeout() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(1).withConnectTimeout(Duration.ofMillis(500)));
        TestClient.Grant grant = client.requestSession(token);

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.CONNECT_TIMEOUT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        // Its token no longer opens a socket.
        TestClient.Signal late = client.connect(grant);
        assertThat(late.next("error").get("reason").asText()).isEqualTo("session closed");
        assertThat(late.awaitClose().getKey()).isEqualTo(1008);
    }

    @Test
    void aConnectedSessionWithoutAStreamIsClosedAfterTheIdleTimeout() {
        String token = start(ServerConfig.defaults().withIdleTimeout(Duration.ofMillis(800)));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        Map.Entry<Integer, String> close = signal.awaitClose();

        assertThat(close.getKey()).isEqualTo(CloseReason.IDLE_TIMEOUT.closeCode());
        assertThat(close.getValue()).isEqualTo("idle_timeout");
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
    }

    @Test
    void aStreamPastTheStreamLimitGetsSessionTimeoutAndTheConnectionCloses() {
        String token = start(ServerConfig.defaults().withStreamLimit(Duration.ofMillis(800)));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a lighthouse at dusk"));
        signal.next("stream_started");

        JsonNode error = signal.next("interactive_stream_error");

        assertThat(error.get("reason").asText()).isEqualTo("session_timeout");
        assertThat(error.get("message").asText()).isEqualTo("Stream ended: credit lease expired");
        Map.Entry<Integer, String> close = signal.awaitClose();
        assertThat(close.getKey()).isEqualTo(CloseReason.STREAM_LIMIT.closeCode());
        assertThat(close.getValue()).isEqualTo("stream_limit");
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.STREAM_LIMIT);
        assertThat(server.usage().activeStreams()).isZero();
        assertThat(server.usage().totalStreamSeconds()).isGreaterThan(0.5);
    }

    @Test
    void aConnectionPastTheConnectionLimitIsClosed() {
        String token = start(ServerConfig.defaults().withConnectionLimit(Duration.ofSeconds(3)));
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "p"));
        signal.next("stream_started");
        // Ending and restarting streams does not reset the connection's clock.
        signal.send(Map.of("type", "interactive_stream_end"));
        signal.next("stream_ended");

        Map.Entry<Integer, String> close = signal.awaitClose();

        assertThat(close.getKey()).isEqualTo(CloseReason.CONNECTION_LIMIT.closeCode());
        assertThat(close.getValue()).isEqualTo("connection_limit");
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CLOSED);
        assertThat(client.session(grant.sessionId()).closeReason()).isEqualTo(CloseReason.CONNECTION_LIMIT);
    }

    @Test
    void aDanglingSessionCanBeResumedWithItsToken() {
        String token = start(ServerConfig.defaults().withHeartbeatTimeout(Duration.ofSeconds(30)));
        TestClient.Grant grant = client.requestSession(token);
        client.connect(grant).abort();
        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.DANGLING);

        TestClient.Signal again = client.connect(grant);

        await().atMost(PATIENCE).until(() -> client.session(grant.sessionId()).state() == SessionState.CONNECTED);
        again.disconnectGracefully();
        await().atMost(PATIENCE).until(() -> server.usage().concurrentSessions() == 0);
    }

    @Test
    void streamsRunTheClockAndInteractionsAreAcknowledged() {
        String token = start(ServerConfig.defaults());
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a cat", "portrait", true));
        String streamId = signal.next("stream_started").get("stream_id").asText();
        assertThat(streamId).isNotBlank();
        signal.send(Map.of("type", "update", "prompt", "the cat jumps"));
        assertThat(signal.next("update_acknowledged").get("prompt").asText()).isEqualTo("the cat jumps");
        await().atMost(PATIENCE).until(() -> client.usage().get("active_streams").asInt() == 1);
        await().atMost(PATIENCE).until(() -> client.usage().get("total_stream_seconds").asDouble() > 0.3);

        signal.send(Map.of("type", "interactive_stream_end"));
        assertThat(signal.next("stream_ended").get("stream_id").asText()).isEqualTo(streamId);
        assertThat(client.usage().get("active_streams").asInt()).isZero();
        double total = client.usage().get("total_stream_seconds").asDouble();
        assertThat(total).isGreaterThan(0.3);

        // Recorded: the recording endpoint knows the stream and its duration.
        TestClient.Response recording = client.get("/recordings/" + streamId, token);
        assertThat(recording.status()).isEqualTo(200);
        assertThat(recording.json().get("stream_id").asText()).isEqualTo(streamId);
        assertThat(recording.json().get("duration_seconds").asDouble()).isGreaterThan(0.3);

        // A second stream in the same connection.
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a dog"));
        assertThat(signal.next("stream_started").get("stream_id").asText()).isNotEqualTo(streamId);
        signal.disconnectGracefully();
        await().atMost(PATIENCE).until(() -> server.usage().activeStreams() == 0 && server.usage().concurrentSessions() == 0);
    }

    @Test
    void closedHistoryIsBounded() {
        String token = start(ServerConfig.defaults().withConcurrencyLimit(2000).withConnectTimeout(Duration.ofMillis(50)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SessionRegistry.CLOSED_HISTORY + 50; i++) {
            ids.add(client.post("/sessions/request", token, Map.of()).json().get("session_id").asText());
        }
        await().atMost(PATIENCE).until(() -> server.usage().concurrentSessions() == 0);
        Usage usage = server.usage();
        assertThat(usage.sessions()).hasSize(SessionRegistry.CLOSED_HISTORY);
        assertThat(usage.session(ids.get(0))).isEmpty();
        assertThat(usage.session(ids.get(ids.size() - 1))).isPresent();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
