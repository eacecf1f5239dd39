package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import io.odysseyguard.localserver.SessionState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the product exists for, seen from the client: a JVM that goes away without disconnecting
 * leaves its session dangling until the heartbeat timeout; one that disconnects (here from its own
 * shutdown hook, as the guard will) leaves nothing.
 */
class DanglingSessionTest {

    /** Long enough that "dangling" is observable for seconds, short enough for a quick test. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    private static final long CHILD_KEEPALIVE_MILLIS = 500;

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
    void aKilledClientJvmLeavesADanglingSessionThatIsReapedAtTheHeartbeatTimeout() throws Exception {
        try (ChildJvm child = ChildJvm.start("wait", server.baseUrl(), TestSupport.API_KEY, CHILD_KEEPALIVE_MILLIS)) {
            String sessionId = child.awaitConnected();
            eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                    s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED)));

            child.process().destroyForcibly();
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertDanglingThenReaped(sessionId);
        }
    }

    @Test
    void aClientJvmThatReturnsFromMainWithoutDisconnectingLeavesADanglingSession() throws Exception {
        try (ChildJvm child = ChildJvm.start("return", server.baseUrl(), TestSupport.API_KEY, CHILD_KEEPALIVE_MILLIS)) {
            String sessionId = child.awaitConnected();
            // The client's threads are daemons: a forgotten client does not keep its JVM alive.
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("child JVM exits by itself").isTrue();

            assertDanglingThenReaped(sessionId);
        }
    }

    @Test
    void disconnectFromAShutdownHookLeavesNoSession() throws Exception {
        try (ChildJvm child = ChildJvm.start("hook", server.baseUrl(), TestSupport.API_KEY, CHILD_KEEPALIVE_MILLIS)) {
            String sessionId = child.awaitConnected();
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("child JVM exits by itself").isTrue();
            assertThat(child.process().exitValue()).isZero();

            eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            }));
            assertThat(server.usage().concurrentSessions()).isZero();
            eventually().untilAsserted(() -> assertThat(child.lines()).contains("disconnected in hook"));
        }
    }

    private void assertDanglingThenReaped(String sessionId) {
        // The socket ended without a close frame: the server keeps the slot...
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.state()).isEqualTo(SessionState.DANGLING)));
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);
        // ...until heartbeats have been missing for the timeout.
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
        }));
        assertThat(server.usage().concurrentSessions()).isZero();
    }
}
