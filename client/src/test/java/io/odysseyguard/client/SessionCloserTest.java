package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.awaitSession;
import static io.odysseyguard.client.TestSupport.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ClassPath;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ending a session from its credentials alone: {@link SessionCloser} (no client, no key) as the watchdog uses it on a
 * session whose JVM was killed, and {@link OdysseyClient#closeSession} (a key at hand) for an expired token. The
 * sessions to end belong to child JVMs killed with {@code destroyForcibly()}; their credentials reach the test through
 * a file ({@link ChildClientMain} {@code credentials}). The heartbeat timeout is long: nothing but the closer ends
 * them. Tokens are compared, never printed.
 */
@LocalOdysseyServerTest(heartbeatTimeout = "30s")
class SessionCloserTest {

    private static final Duration BUDGET = Duration.ofSeconds(1);
    /** How many closers come for a session its client still holds, and for how long they are refused. */
    private static final int CLOSERS = 6;
    private static final Duration HELD = Duration.ofSeconds(4);
    private static final Pattern CONNECTED = Pattern.compile("^connected (.+)$");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    /** Past a token's expiry as the client counts it, the service surely agrees (the local server rounds up to 1 s). */
    private static final Duration EXPIRY_MARGIN = Duration.ofMillis(1500);
    /** Looks like a session token; never valid anywhere. */
    private static final String FAKE_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoicy0xIn0.c2lnbmF0dXJlLXRlc3Q";

    @TempDir
    Path dir;

    @Test
    void aKilledClientsDanglingSessionIsClosedFromItsCredentialsAlone(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild(server)) {
            String sessionId = awaitConnected(child);
            SessionCredentials credentials = ChildClientMain.readCredentials(credentialsFile());
            assertThat(credentials.sessionId()).isEqualTo(sessionId);
            killAndAwaitDangling(child, server, sessionId);

            long start = System.nanoTime();
            SessionCloser.Result result = new SessionCloser().close(credentials, BUDGET);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("SessionCloser closed a dangling session in " + millis + " ms");

            assertThat(result.status()).isEqualTo(SessionCloser.Status.CLOSED);
            assertThat(result.closed()).isTrue();
            assertClosedAsAClientDisconnect(server, sessionId);
        }
    }

    /** What the watchdog does: the client's JVM is gone and the closer runs at once, before the server has noticed. */
    @Test
    void aSessionIsClosedRightAfterItsClientIsKilled(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild(server)) {
            String sessionId = awaitConnected(child);
            SessionCredentials credentials = ChildClientMain.readCredentials(credentialsFile());
            awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));

            child.signal(ChildJvm.Signal.KILL);
            child.awaitExit(Duration.ofSeconds(30));
            long start = System.nanoTime();
            SessionCloser.Result result = new SessionCloser().close(credentials, BUDGET);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("SessionCloser closed a just-killed client's session in " + millis + " ms");

            assertThat(result.status()).isEqualTo(SessionCloser.Status.CLOSED);
            assertClosedAsAClientDisconnect(server, sessionId);
        }
    }

    /**
     * The watchdog (and the reaper, and the command: all may run at once) may come while the server still holds the
     * client's socket. Every socket a closer opens meanwhile gets its 101 and is then refused ("already connected":
     * {@code error} and close 1008), and Jetty drops the connection right after a 1008 without waiting for the client's
     * close: the {@code client_disconnecting} the closer writes at once may meet a reset, and the JDK socket then
     * fails ("Broken pipe", "Connection reset") before the refusal is read. That happens to about one refused socket in
     * a hundred here; {@value #CLOSERS} closers refused for {@link #HELD} open some 300, so it happens in nearly every
     * run. Each closer must take it as the refusal it hides and try again; once the killed client's socket is gone one
     * of them closes the session (the others then hear "session closed"). The same without a server, deterministically:
     * {@code SessionCloserResetTest}.
     */
    @Test
    void aSessionStillHeldByItsClientIsClosedOnceTheClientIsGone(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild(server)) {
            String sessionId = awaitConnected(child);
            SessionCredentials credentials = ChildClientMain.readCredentials(credentialsFile());
            awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));

            ExecutorService threads = Executors.newFixedThreadPool(CLOSERS);
            try {
                List<CompletableFuture<SessionCloser.Result>> closers = new ArrayList<>();
                for (int i = 0; i < CLOSERS; i++) {
                    closers.add(CompletableFuture.supplyAsync(
                            () -> new SessionCloser().close(credentials, Duration.ofSeconds(30)), threads));
                }
                Thread.sleep(HELD.toMillis());
                for (CompletableFuture<SessionCloser.Result> closer : closers) {
                    assertThat(closer).as("a closer gave up while the client held its session: %s",
                            closer.isDone() ? closer.join() : null).isNotDone();
                }
                assertThat(session(server, sessionId)).hasValueSatisfying(
                        s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));
                child.signal(ChildJvm.Signal.KILL);
                child.awaitExit(Duration.ofSeconds(30));

                List<SessionCloser.Result> results = new ArrayList<>();
                for (CompletableFuture<SessionCloser.Result> closer : closers) {
                    results.add(closer.get(60, TimeUnit.SECONDS));
                }
                assertThat(results).allSatisfy(r -> assertThat(r).isIn(
                        new SessionCloser.Result(SessionCloser.Status.CLOSED, "closed"),
                        new SessionCloser.Result(SessionCloser.Status.REFUSED, "session closed")));
                assertThat(results).anySatisfy(r -> assertThat(r.closed()).isTrue());
                assertClosedAsAClientDisconnect(server, sessionId);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void anAlreadyClosedSessionIsRefusedWithTheServicesReason(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        SessionCredentials credentials = client.sessionCredentials();
        client.disconnect();
        assertClosedAsAClientDisconnect(server, credentials.sessionId());

        SessionCloser.Result result = new SessionCloser().close(credentials, BUDGET);

        assertThat(result.status()).isEqualTo(SessionCloser.Status.REFUSED);
        assertThat(result.detail()).isEqualTo("session closed");
        assertThat(result.closed()).isFalse();
        // With a key at hand the same: the token is valid, there is nothing to renew.
        assertThat(client.closeSession(credentials)).isEqualTo(result);
    }

    @Test
    void anUnreachableServiceIsAResultNeverAnException() throws Exception {
        SessionCloser closer = new SessionCloser();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, loopback)) {
            closedPort = socket.getLocalPort();
        }
        assertUnreachable(closer.close(credentialsAt("http://127.0.0.1:" + closedPort + "/signalling"), BUDGET));

        // Accepts the connection (the kernel's backlog) and never answers: the budget bounds the wait.
        try (ServerSocket silent = new ServerSocket(0, 50, loopback)) {
            long start = System.nanoTime();
            SessionCloser.Result result = closer.close(
                    credentialsAt("http://127.0.0.1:" + silent.getLocalPort() + "/signalling"), BUDGET);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("SessionCloser gave up on a silent service after " + millis + " ms (budget 1000 ms)");
            assertUnreachable(result);
            assertThat(result.detail()).isEqualTo("no answer in time");
            assertThat(millis).isLessThan(2500);
        }

        assertUnreachable(closer.close(credentialsAt("http://not a host/signalling"), BUDGET));
    }

    /**
     * With 6 s tokens: the killed client had renewed its token before the first expired, and those renewed
     * credentials still end the session once the first token no longer opens anything.
     */
    @Test
    @LocalOdysseyServerTest(heartbeatTimeout = "30s", sessionTokenTtl = "6s")
    void renewedCredentialsStillCloseTheSessionAfterTheFirstTokenHasExpired(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild(server)) {
            String sessionId = awaitConnected(child);
            SessionCredentials first = ChildClientMain.readCredentials(credentialsFile());
            child.awaitLine("credentials written 2", CHILD_TIMEOUT);
            Instant renewalSeen = Instant.now();
            SessionCredentials renewed = ChildClientMain.readCredentials(credentialsFile());
            assertThat(renewalSeen).isBefore(first.expiresAt());
            assertThat(renewed.sessionId()).isEqualTo(sessionId);
            assertThat(renewed.sessionToken().equals(first.sessionToken())).as("the token is the same").isFalse();
            assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
            killAndAwaitDangling(child, server, sessionId);

            sleepUntil(first.expiresAt().plus(EXPIRY_MARGIN));
            SessionCloser closer = new SessionCloser();
            SessionCloser.Result expired = closer.close(first, BUDGET);
            assertThat(expired.status()).isEqualTo(SessionCloser.Status.REFUSED);
            assertThat(expired.detail()).isEqualTo("session token expired");

            assertThat(renewed.isExpiredAt(Instant.now())).isFalse();
            assertThat(closer.close(renewed, BUDGET).status()).isEqualTo(SessionCloser.Status.CLOSED);
            assertClosedAsAClientDisconnect(server, sessionId);
        }
    }

    /**
     * With 3 s tokens: the killed client's token has expired. Without a key it is refused and the session stays
     * dangling; a client with the key renews it and closes the session; after that, renewing is refused too.
     */
    @Test
    @LocalOdysseyServerTest(heartbeatTimeout = "30s", sessionTokenTtl = "3s")
    void anExpiredTokenIsRefusedWithoutAKeyAndRenewedByAClientWithOne(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = startChild(server)) {
            String sessionId = awaitConnected(child);
            SessionCredentials credentials = ChildClientMain.readCredentials(credentialsFile());
            killAndAwaitDangling(child, server, sessionId);
            sleepUntil(credentials.expiresAt().plus(EXPIRY_MARGIN));

            SessionCloser.Result withoutKey = new SessionCloser().close(credentials, BUDGET);
            assertThat(withoutKey.status()).isEqualTo(SessionCloser.Status.REFUSED);
            assertThat(withoutKey.detail()).isEqualTo("session token expired");
            awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.DANGLING));

            // A client of the same account, not connected itself.
            try (OdysseyClient keyed = TestSupport.clientFor(server).build()) {
                long start = System.nanoTime();
                SessionCloser.Result result = keyed.closeSession(credentials);
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println("closeSession renewed an expired token and closed the session in " + millis
                        + " ms (access token, session token, close)");

                assertThat(result.status()).isEqualTo(SessionCloser.Status.CLOSED);
                assertClosedAsAClientDisconnect(server, sessionId);
                assertThat(keyed.isConnected()).isFalse();

                SessionCloser.Result again = keyed.closeSession(credentials);
                assertThat(again.status()).isEqualTo(SessionCloser.Status.REFUSED);
                assertThat(again.detail()).contains("HTTP 404");
                assertThat(again.detail().contains(credentials.sessionToken())).isFalse();
            }
        }
    }

    private ChildJvm startChild(LocalOdysseyServer server) throws IOException {
        return ChildJvm.builder()
                .jvmOptions("-Xmx64m", "-XX:TieredStopAtLevel=1")
                .classPath(ClassPath.ofThisJvm())
                .main(ChildClientMain.class.getName(), "credentials", "300", credentialsFile().toString())
                .env(OdysseyClientBuilder.API_KEY_VARIABLE, TestSupport.API_KEY)
                .env(OdysseyClientBuilder.API_URL_VARIABLE, server.baseUrl())
                .outputDirectory(dir)
                .start();
    }

    private Path credentialsFile() {
        return dir.resolve("credentials.properties");
    }

    private static String awaitConnected(ChildJvm child) {
        return child.awaitLine(CONNECTED, CHILD_TIMEOUT).group(1).trim();
    }

    /** kill -9, then the server sees the socket end without a close frame: the slot stays taken. */
    private static void killAndAwaitDangling(ChildJvm child, LocalOdysseyServer server, String sessionId)
            throws Exception {
        child.signal(ChildJvm.Signal.KILL);
        child.awaitExit(Duration.ofSeconds(30));
        awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.DANGLING));
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);
    }

    private static void assertClosedAsAClientDisconnect(LocalOdysseyServer server, String sessionId) {
        awaitSession(server, sessionId, s -> {
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        });
        assertThat(server.usage().concurrentSessions()).isZero();
    }

    private static SessionCredentials credentialsAt(String signallingUrl) {
        return new SessionCredentials("s-1", signallingUrl, FAKE_TOKEN, Instant.now().plusSeconds(600));
    }

    private static void assertUnreachable(SessionCloser.Result result) {
        assertThat(result.status()).isEqualTo(SessionCloser.Status.UNREACHABLE);
        assertThat(result.detail()).isNotBlank();
        assertThat(result.detail().contains(FAKE_TOKEN)).as("the detail holds the token").isFalse();
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
