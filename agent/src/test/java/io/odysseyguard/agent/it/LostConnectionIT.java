package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.OneClientApp;
import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.StatusReply;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.FaultProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session whose signaling socket the network dropped (a {@link FaultProxy} between the guarded JVM and the server
 * resets every connection: no close frame reaches either side, the server keeps the session dangling) is not lost to
 * the guard: it is not reported as released, it stays in the watchdog and the journal, and it is closed by client
 * disconnect once the server can be reached again, whether the JVM exits (SIGTERM) or is killed ({@code kill -9})
 * while the network is down. The server's heartbeat timeout (10 min) is far longer than the test: only a client, the
 * watchdog or a reaper closes these sessions.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "10m")
class LostConnectionIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    private StateHome state;

    @BeforeEach
    void stateHome(@TempDir Path home) {
        state = new StateHome(home);
    }

    /** The torture run's seed -8674338080751689042: SIGTERM while the network resets every connection. */
    @Test
    void aSessionLostWithTheNetworkIsClosedAfterSigtermAndNotReportedAsReleased(LocalOdysseyServer server)
            throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
             ChildJvm app = start(proxy)) {
            String sessionId = connected(app, server);
            proxy.goDown();
            awaitState(server, sessionId, SessionState.DANGLING);

            app.signal(ChildJvm.Signal.TERM);
            assertThat(app.awaitExit(START)).as(app.describe()).isNotNegative();
            proxy.comeBack();

            assertClosedByClientDisconnect(server, sessionId);
            assertThat(app.guardLines()).as(app.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 0 of 1 Odyssey connection left open by app at JVM exit; "
                            + "already lost (the network dropped its connection; its session is being closed): "
                            + "io.odysseyguard.client.OdysseyClient opened at " + OneClientApp.class.getName())
                    .doesNotContain("not released");
            assertNoSecretIn(app.stdout() + app.stderr());
            await().atMost(SETTLE).until(() -> state.journalFiles().isEmpty());
        }
    }

    @Test
    void aSessionLostWithTheNetworkIsKeptForTheWatchdogAndClosedAfterKillNine(LocalOdysseyServer server)
            throws Exception {
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
             ChildJvm app = start(proxy)) {
            String sessionId = connected(app, server);
            await().atMost(SETTLE).until(() -> state.journalOf(app.pid()) != null);
            proxy.goDown();
            awaitState(server, sessionId, SessionState.DANGLING);

            // What `odyssey-guard list` asks: the JVM looks at its connections again and says what it holds.
            await().atMost(SETTLE).untilAsserted(() -> assertThat(status(app).sessions())
                    .extracting(StatusReply.Listed::sessionId).containsExactly(sessionId));
            assertThat(StateHome.sessionField(state.journalOf(app.pid()), "id")).containsExactly(sessionId);

            app.signal(ChildJvm.Signal.KILL);
            app.awaitExit(START);
            proxy.comeBack();

            assertClosedByClientDisconnect(server, sessionId);
            await().atMost(SETTLE).until(() -> state.journalFiles().isEmpty());
            assertThat(Files.readString(state.dir().resolve("watchdog.log")))
                    .contains("closed 1 of 1 Odyssey sessions left open by pid " + app.pid());
        }
    }

    private ChildJvm start(FaultProxy proxy) throws Exception {
        return state.given(TestJvms.guarded(OneClientApp.class.getName(), proxy.baseUrl(), "wait")
                .env("ODYSSEY_API_KEY", apiKey)).start();
    }

    private static String connected(ChildJvm app, LocalOdysseyServer server) {
        String sessionId = app.awaitLine("session=", START).substring("session=".length()).trim();
        app.awaitLine("ready", START);
        awaitState(server, sessionId, SessionState.CONNECTED);
        return sessionId;
    }

    private static void awaitState(LocalOdysseyServer server, String sessionId, SessionState expected) {
        await().atMost(SETTLE).untilAsserted(() -> assertThat(server.usage().session(sessionId))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(expected)));
    }

    private void assertClosedByClientDisconnect(LocalOdysseyServer server, String sessionId) throws Exception {
        try {
            await().atMost(SETTLE).untilAsserted(() -> assertThat(server.usage().session(sessionId))
                    .hasValueSatisfying(s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT)));
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            Path log = state.dir().resolve("watchdog.log");
            throw new AssertionError(server.usage().sessions().stream().map(Usage.SessionInfo::toString).toList()
                    + "; watchdog.log: " + (Files.exists(log) ? Files.readString(log) : "(none)")
                    + "; journal files: " + state.journalFiles(), e);
        }
        assertThat(server.usage().concurrentSessions()).isZero();
    }

    private StatusReply.JvmSessions status(ChildJvm app) throws Exception {
        Properties request = new Properties();
        request.setProperty(ControlSocket.COMMAND, ControlSocket.STATUS);
        return StatusReply.read(ControlSocket.ask(state.dir().resolve(app.pid() + ".sock"), request));
    }

    private void assertNoSecretIn(String output) throws Exception {
        assertThat(output).doesNotContain(apiKey);
    }
}
