package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The concurrent limit and every way a session ends, over real loopback sockets. Each test names the limits it needs. */
@LocalOdysseyServerTest
class SessionAccountingTest {

    private static final String KEY = "ody_accounting_test_key";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestClient client;
    private String token;

    @BeforeEach
    void signIn(LocalOdysseyServer server) {
        client = new TestClient(server.baseUrl());
        token = client.accessToken(KEY);
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 5)
    void sixthConcurrentSessionIsRefusedWithTheUsageErrorBody(LocalOdysseyServer server) {
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
    @LocalOdysseyServerTest(concurrencyLimit = 1)
    void limitIsPerApiKey() {
        String otherToken = client.accessToken("ody_another_account_key");
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(429);
        assertThat(client.post("/sessions/request", otherToken, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 1)
    void clientDisconnectingFreesTheSlotAtOnce() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connected(grant);

        signal.disconnectGracefully();

        client.awaitClosed(grant, CloseReason.CLIENT_DISCONNECT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 1)
    void closeCode1000AloneIsGracefulToo(LocalOdysseyServer server) {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connected(grant);

        signal.closeNormally();

        client.awaitClosed(grant, CloseReason.CLIENT_DISCONNECT);
        assertThat(server.usage().concurrentSessions()).isZero();
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 1, heartbeatTimeout = "2s")
    void abruptSocketEndLeavesTheSessionDanglingUntilItsHeartbeatTimesOut() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connected(grant);

        signal.abort();

        client.awaitState(grant, SessionState.DANGLING);
        // Dangling still counts: the slot is taken until the server notices the missing heartbeats.
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(429);

        client.awaitClosed(grant, CloseReason.HEARTBEAT_TIMEOUT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
    }

    @Test
    @LocalOdysseyServerTest(heartbeatTimeout = "2s")
    void keepalivesKeepAConnectedSessionAlivePastTheHeartbeatTimeout(LocalOdysseyServer server) {
        Duration heartbeat = server.config().heartbeatTimeout();
        TestClient.Grant grant = client.requestSession(token);
        // connected(), not connect(): the 101 comes before the server attaches the socket to the session
        TestClient.Signal signal = client.connected(grant);

        long until = System.nanoTime() + heartbeat.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            signal.send(Map.of("type", "keepalive"));
            assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.CONNECTED);
            sleep(Duration.ofMillis(200)); // the keepalive cadence itself, not a wait for a condition
        }

        // Silence now: the same session is reaped once the heartbeat timeout passes.
        client.awaitClosed(grant, CloseReason.HEARTBEAT_TIMEOUT);
        assertThat(signal.awaitClose().getKey()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT.closeCode());
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 1, connectTimeout = "500ms")
    void aSessionWhoseSocketNeverOpensExpiresAfterTheConnectTimeout() {
        TestClient.Grant grant = client.requestSession(token);

        client.awaitClosed(grant, CloseReason.CONNECT_TIMEOUT);
        assertThat(client.post("/sessions/request", token, Map.of()).status()).isEqualTo(200);
        // Its token no longer opens a socket.
        TestClient.Signal late = client.connect(grant);
        assertThat(late.next("error").get("reason").asText()).isEqualTo("session closed");
        assertThat(late.awaitClose().getKey()).isEqualTo(1008);
    }

    @Test
    @LocalOdysseyServerTest(idleTimeout = "800ms")
    void aConnectedSessionWithoutAStreamIsClosedAfterTheIdleTimeout() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        assertClosedByTheServer(grant, signal, CloseReason.IDLE_TIMEOUT, "idle_timeout");
    }

    @Test
    @LocalOdysseyServerTest(streamLimit = "800ms")
    void aStreamPastTheStreamLimitGetsSessionTimeoutAndTheConnectionCloses(LocalOdysseyServer server) {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a lighthouse at dusk"));
        signal.next("stream_started");

        JsonNode error = signal.next("interactive_stream_error");

        assertThat(error.get("reason").asText()).isEqualTo("session_timeout");
        assertThat(error.get("message").asText()).isEqualTo("Stream ended: credit lease expired");
        assertClosedByTheServer(grant, signal, CloseReason.STREAM_LIMIT, "stream_limit");
        assertThat(server.usage().activeStreams()).isZero();
        assertThat(server.usage().totalStreamSeconds()).isGreaterThan(0.5);
    }

    @Test
    @LocalOdysseyServerTest(connectionLimit = "3s")
    void aConnectionPastTheConnectionLimitIsClosed() {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        signal.send(Map.of("type", "interactive_stream_start", "prompt", "p"));
        signal.next("stream_started");
        // Ending and restarting streams does not reset the connection's clock.
        signal.send(Map.of("type", "interactive_stream_end"));
        signal.next("stream_ended");

        assertClosedByTheServer(grant, signal, CloseReason.CONNECTION_LIMIT, "connection_limit");
    }

    @Test
    @LocalOdysseyServerTest(heartbeatTimeout = "30s")
    void aDanglingSessionCanBeResumedWithItsToken(LocalOdysseyServer server) {
        TestClient.Grant grant = client.requestSession(token);
        client.connected(grant).abort();
        client.awaitState(grant, SessionState.DANGLING);

        TestClient.Signal again = client.connected(grant);

        again.disconnectGracefully();
        await().atMost(PATIENCE).until(() -> server.usage().concurrentSessions() == 0);
    }

    /**
     * A dangling session outlives its token: the expired token no longer opens its socket (and the refusal leaves it
     * dangling), a fresh one from {@code POST /sessions/token} does. This resumption is the stand-in's choice.
     */
    @Test
    @LocalOdysseyServerTest(heartbeatTimeout = "30s", sessionTokenTtl = "2s")
    void aDanglingSessionResumesWithAFreshTokenOnceItsOwnHasExpired() {
        TestClient.Grant grant = client.requestSession(token);
        client.connected(grant).abort();
        client.awaitState(grant, SessionState.DANGLING);

        sleep(Duration.ofMillis(3200)); // the 2 s lifetime, plus the second the JWT's expiry is rounded to
        TestClient.Signal expired = client.connect(grant);
        assertThat(expired.next("error").get("reason").asText()).isEqualTo("session token expired");
        assertThat(expired.awaitClose().getKey()).isEqualTo(1008);
        assertThat(client.session(grant.sessionId()).state()).isEqualTo(SessionState.DANGLING);

        TestClient.Response fresh = client.post("/sessions/token", token, Map.of("session_id", grant.sessionId()));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.json().get("expires_in").asInt()).isEqualTo(2);
        TestClient.Signal resumed = client.connected(new TestClient.Grant(grant.sessionId(), grant.signallingUrl(),
                fresh.json().get("session_token").asText()));

        resumed.disconnectGracefully();
        client.awaitClosed(grant, CloseReason.CLIENT_DISCONNECT);
    }

    @Test
    void streamsRunTheClockAndInteractionsAreAcknowledged(LocalOdysseyServer server) {
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);

        signal.send(Map.of("type", "interactive_stream_start", "prompt", "a cat", "portrait", true));
        String streamId = signal.next("stream_started").get("stream_id").asText();
        assertThat(streamId).isNotBlank();
        signal.send(Map.of("type", "update", "prompt", "the cat jumps"));
        assertThat(signal.next("update_acknowledged").get("prompt").asText()).isEqualTo("the cat jumps");
        await().atMost(PATIENCE).until(() -> client.totals().get("active_streams").asInt() == 1);
        await().atMost(PATIENCE).until(() -> client.totals().get("total_stream_seconds").asDouble() > 0.3);

        signal.send(Map.of("type", "interactive_stream_end"));
        assertThat(signal.next("stream_ended").get("stream_id").asText()).isEqualTo(streamId);
        assertThat(client.totals().get("active_streams").asInt()).isZero();
        double total = client.totals().get("total_stream_seconds").asDouble();
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
    @LocalOdysseyServerTest(concurrencyLimit = 2000, connectTimeout = "50ms")
    void closedHistoryIsBounded(LocalOdysseyServer server) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SessionTable.CLOSED_HISTORY + 50; i++) {
            ids.add(client.post("/sessions/request", token, Map.of()).json().get("session_id").asText());
        }
        await().atMost(PATIENCE).until(() -> server.usage().concurrentSessions() == 0);
        Usage usage = server.usage();
        assertThat(usage.sessions()).hasSize(SessionTable.CLOSED_HISTORY);
        assertThat(usage.session(ids.get(0))).isEmpty();
        assertThat(usage.session(ids.get(ids.size() - 1))).isPresent();
    }

    /** The server closed the socket with the reason's code and name as the close reason, and /usage agrees. */
    private void assertClosedByTheServer(TestClient.Grant grant, TestClient.Signal signal, CloseReason reason, String closeText) {
        Map.Entry<Integer, String> close = signal.awaitClose();
        assertThat(close.getKey()).isEqualTo(reason.closeCode());
        assertThat(close.getValue()).isEqualTo(closeText);
        client.awaitClosed(grant, reason);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
