package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.awaitSession;
import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest(heartbeatTimeout = "2s")
class KeepaliveTest {

    @Test
    void keepalivesKeepTheSessionPastTheHeartbeatTimeout(LocalOdysseyServer server) throws Exception {
        try (OdysseyClient client = TestSupport.clientFor(server).keepaliveInterval(Duration.ofMillis(300)).build()) {
            client.connect();
            String sessionId = client.sessionId();

            // Three heartbeat timeouts without any other traffic: only the keepalives speak.
            Thread.sleep(server.config().heartbeatTimeout().multipliedBy(3).toMillis());

            assertThat(client.isConnected()).isTrue();
            assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                    s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));
        }
    }

    @Test
    void withoutKeepalivesTheServerReapsTheSessionAndTheClientNoticesTheClose(LocalOdysseyServer server) {
        RecordingListener events = new RecordingListener();
        // The SDK's 10 s interval is far longer than this server's 2 s heartbeat timeout.
        OdysseyClient client = TestSupport.clientFor(server).keepaliveInterval(Duration.ofSeconds(10))
                .listener(events).build();
        client.connect();
        String sessionId = client.sessionId();

        awaitSession(server, sessionId, s -> assertThat(s.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT));
        eventually().until(() -> !client.isConnected());
        assertThat(client.sessionId()).isNull();
        eventually().untilAsserted(() -> assertThat(events.disconnected).singleElement()
                .asString().endsWith("byServer=true").startsWith("4001"));
        client.disconnect(); // already gone: still fine
    }

    @Test
    void keepaliveThreadsAreNamedDaemonsAndStopOnDisconnect(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        List<Thread> keepalives = keepaliveThreads();
        assertThat(keepalives).isNotEmpty().allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());

        client.disconnect();
        eventually().untilAsserted(() -> assertThat(keepalives).noneMatch(Thread::isAlive));
    }

    /** What the guard's weak registry relies on: a connected client nobody refers to any more is still there. */
    @Test
    void aConnectedClientStaysReachableWithoutAReferenceToIt(LocalOdysseyServer server) throws Exception {
        WeakReference<OdysseyClient> forgotten = connectAndForget(server);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        OdysseyClient client = forgotten.get();
        assertThat(client).isNotNull();
        assertThat(client.isConnected()).isTrue();
        client.disconnect();
    }

    private static WeakReference<OdysseyClient> connectAndForget(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        return new WeakReference<>(client);
    }

    private static List<Thread> keepaliveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("odyssey-keepalive-"))
                .filter(Thread::isAlive)
                .toList();
    }
}
