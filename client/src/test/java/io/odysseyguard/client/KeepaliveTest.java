package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import io.odysseyguard.localserver.SessionState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepaliveTest {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private LocalOdysseyServer server;

    @BeforeEach
    void startServer() {
        server = LocalOdysseyServer.start(ServerConfig.defaults().withPort(0).withHeartbeatTimeout(HEARTBEAT_TIMEOUT));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void keepalivesKeepTheSessionPastTheHeartbeatTimeout() throws Exception {
        try (OdysseyClient client = TestSupport.clientFor(server).keepaliveInterval(Duration.ofMillis(300)).build()) {
            client.connect();
            String sessionId = client.sessionId();

            // Three heartbeat timeouts without any other traffic: only the keepalives speak.
            Thread.sleep(HEARTBEAT_TIMEOUT.multipliedBy(3).toMillis());

            assertThat(client.isConnected()).isTrue();
            assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                    s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));
        }
    }

    @Test
    void withoutKeepalivesTheServerReapsTheSessionAndTheClientNoticesTheClose() {
        RecordingListener events = new RecordingListener();
        // The SDK's 10 s interval is far longer than this server's 2 s heartbeat timeout.
        OdysseyClient client = TestSupport.clientFor(server).keepaliveInterval(Duration.ofSeconds(10))
                .listener(events).build();
        client.connect();
        String sessionId = client.sessionId();

        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT)));
        eventually().until(() -> !client.isConnected());
        assertThat(client.sessionId()).isNull();
        eventually().untilAsserted(() -> assertThat(events.disconnected).singleElement()
                .asString().endsWith("byServer=true").startsWith("4001"));
        client.disconnect(); // already gone: still fine
    }

    @Test
    void keepaliveThreadsAreNamedDaemonsAndStopOnDisconnect() {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        List<Thread> keepalives = keepaliveThreads();
        assertThat(keepalives).isNotEmpty().allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());

        client.disconnect();
        eventually().untilAsserted(() -> assertThat(keepalives).noneMatch(Thread::isAlive));
    }

    private static List<Thread> keepaliveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("odyssey-keepalive-"))
                .filter(Thread::isAlive)
                .toList();
    }
}
