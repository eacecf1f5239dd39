package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.awaitSession;
import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ClassPath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the product exists for, seen from the client: a JVM that goes away without disconnecting
 * leaves its session dangling until the heartbeat timeout; one that disconnects (here from its own
 * shutdown hook, as the guard will) leaves nothing. The server's heartbeat timeout is long enough that "dangling" is
 * observable for seconds, short enough for a quick test.
 */
@LocalOdysseyServerTest(heartbeatTimeout = "5s")
class DanglingSessionTest {

    private static final long CHILD_KEEPALIVE_MILLIS = 500;
    private static final Pattern CONNECTED = Pattern.compile("^connected (.+)$");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path childOutput;

    @Test
    void aKilledClientJvmLeavesADanglingSessionThatIsReapedAtTheHeartbeatTimeout(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild("wait", server)) {
            String sessionId = awaitConnected(child);
            awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));

            child.signal(ChildJvm.Signal.KILL); // kill -9: nothing of the child runs any more
            child.awaitExit(Duration.ofSeconds(30));

            assertDanglingThenReaped(server, sessionId);
        }
    }

    @Test
    void aClientJvmThatReturnsFromMainWithoutDisconnectingLeavesADanglingSession(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild("return", server)) {
            String sessionId = awaitConnected(child);
            // The client's threads are daemons: a forgotten client does not keep its JVM alive.
            child.awaitExit(CHILD_TIMEOUT);

            assertDanglingThenReaped(server, sessionId);
        }
    }

    @Test
    void disconnectFromAShutdownHookLeavesNoSession(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild("hook", server)) {
            String sessionId = awaitConnected(child);
            assertThat(child.awaitExit(CHILD_TIMEOUT)).as("child JVM exits by itself, normally").isZero();

            awaitSession(server, sessionId, s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            });
            assertThat(server.usage().concurrentSessions()).isZero();
            eventually().untilAsserted(() -> assertThat(child.stdout().lines()).contains("disconnected in hook"));
        }
    }

    /**
     * {@link ChildClientMain} in {@code mode}. The key and URL reach it through its environment, so they stay off the
     * command line (and the client's environment fallback is exercised).
     */
    private ChildJvm startChild(String mode, LocalOdysseyServer server) throws IOException {
        return ChildJvm.builder()
                .jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1")
                .classPath(ClassPath.ofThisJvm())
                .main(ChildClientMain.class.getName(), mode, Long.toString(CHILD_KEEPALIVE_MILLIS))
                .env(OdysseyClientBuilder.API_KEY_VARIABLE, TestSupport.API_KEY)
                .env(OdysseyClientBuilder.API_URL_VARIABLE, server.baseUrl())
                .outputDirectory(childOutput)
                .start();
    }

    /** Waits for the child to print its session id (it connected); fails at once if it exits first. */
    private static String awaitConnected(ChildJvm child) {
        return child.awaitLine(CONNECTED, CHILD_TIMEOUT).group(1).trim();
    }

    private static void assertDanglingThenReaped(LocalOdysseyServer server, String sessionId) {
        // The socket ended without a close frame: the server keeps the slot...
        awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.DANGLING));
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);
        // ...until heartbeats have been missing for the timeout.
        awaitSession(server, sessionId, s -> {
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.closeReason()).isEqualTo(CloseReason.HEARTBEAT_TIMEOUT);
        });
        assertThat(server.usage().concurrentSessions()).isZero();
    }
}
