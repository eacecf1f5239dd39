package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.awaitSession;
import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.RestProxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link OdysseyClient#sessionCredentials()}: what it names, and that the keepalive keeps its token usable. Tokens are
 * compared, never printed: assertions on them state only whether they match.
 */
@LocalOdysseyServerTest
class SessionCredentialsTest {

    private static final String RENEWALS = "POST /sessions/token";

    @Test
    void nullBeforeConnectAndAfterDisconnect(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        assertThat(client.sessionCredentials()).isNull();

        client.connect();
        assertThat(client.sessionCredentials()).isNotNull();

        client.disconnect();
        assertThat(client.sessionCredentials()).isNull();
    }

    @Test
    void theyNameTheSessionItsSignallingUrlAndATokenThatHasNotExpired(LocalOdysseyServer server) {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            Instant before = Instant.now();
            client.connect();

            SessionCredentials credentials = client.sessionCredentials();
            assertThat(credentials.sessionId()).isEqualTo(client.sessionId());
            assertThat(credentials.signallingUrl()).isEqualTo("ws://127.0.0.1:" + server.port() + "/signalling");
            String token = credentials.sessionToken();
            assertThat(token.split("\\.").length).as("the token is a JWT of three parts").isEqualTo(3);
            // The server's default expires_in, 600 s, counted from the token request.
            assertThat(credentials.expiresAt()).isBetween(before.plusSeconds(600), Instant.now().plusSeconds(600));
            assertThat(credentials.isExpiredAt(Instant.now())).isFalse();

            assertThat(credentials.toString()).contains(credentials.sessionId()).contains("(hidden)");
            assertThat(credentials.toString().contains(token)).as("toString() holds the token").isFalse();
            assertThat(client.toString().contains(token)).as("the client's toString() holds the token").isFalse();
        }
    }

    /**
     * With 3 s tokens and a 300 ms heartbeat: the token is renewed once two thirds of its lifetime have passed, before
     * it expires, with one request (not one per beat).
     */
    @Test
    @LocalOdysseyServerTest(sessionTokenTtl = "3s")
    void aConnectedClientRenewsItsTokenBeforeItExpires(LocalOdysseyServer server) throws Exception {
        try (RestProxy proxy = new RestProxy(server.baseUrl());
             OdysseyClient client = clientVia(proxy)) {
            client.connect();
            SessionCredentials first = client.sessionCredentials();

            Thread.sleep(1500); // half the lifetime: not due yet
            assertThat(client.sessionCredentials()).isSameAs(first);

            eventually().until(() -> client.sessionCredentials() != first);
            Instant seen = Instant.now();
            SessionCredentials renewed = client.sessionCredentials();

            assertThat(seen).isBefore(first.expiresAt());
            assertThat(renewed.sessionId()).isEqualTo(first.sessionId());
            assertThat(renewed.signallingUrl()).isEqualTo(first.signallingUrl());
            assertThat(renewed.sessionToken().equals(first.sessionToken())).as("the token is the same").isFalse();
            assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
            assertThat(proxy.count(RENEWALS)).as("token requests: the connect's and one renewal").isEqualTo(2);
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    @LocalOdysseyServerTest(sessionTokenTtl = "3s")
    void aFailedRenewalIsTriedAgainAtTheNextBeatAndLeavesTheSessionAlone(LocalOdysseyServer server) throws Exception {
        try (RestProxy proxy = new RestProxy(server.baseUrl());
             OdysseyClient client = clientVia(proxy)) {
            client.connect();
            String sessionId = client.sessionId();
            SessionCredentials first = client.sessionCredentials();
            proxy.failing = "/sessions/token";

            // The connect's request, then one failed renewal per beat once it is due: nothing thrown, nothing closed.
            eventually().until(() -> proxy.count(RENEWALS) >= 4);
            assertThat(client.sessionCredentials()).isSameAs(first);
            assertThat(client.isConnected()).isTrue();

            proxy.failing = null;
            eventually().until(() -> client.sessionCredentials() != first);
            assertThat(client.sessionCredentials().expiresAt()).isAfter(first.expiresAt());
            long requests = proxy.count(RENEWALS);
            Thread.sleep(900); // three beats with a fresh token: no request
            assertThat(proxy.count(RENEWALS)).isEqualTo(requests);
            assertThat(client.isConnected()).isTrue();

            client.disconnect();
            awaitSession(server, sessionId, s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT));
        }
    }

    private static OdysseyClient clientVia(RestProxy proxy) {
        return OdysseyClient.builder()
                .apiKey(TestSupport.API_KEY)
                .apiUrl(proxy.baseUrl())
                .keepaliveInterval(TestSupport.FAST_KEEPALIVE)
                .requestTimeout(Duration.ofSeconds(20))
                .environment(name -> null)
                .build();
    }
}
