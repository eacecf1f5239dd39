package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.RestProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The server accepts only the test key: any other well-formed key is unknown to it. */
@LocalOdysseyServerTest(apiKeys = TestSupport.API_KEY)
class AuthenticationTest {

    @Test
    void theAccessTokenIsReusedAcrossConnectsAndSimulateCalls(LocalOdysseyServer server) throws Exception {
        try (RestProxy proxy = new RestProxy(server.baseUrl());
             OdysseyClient client = TestSupport.clientFor(server).apiUrl(proxy.baseUrl()).build()) {
            client.connect();
            client.disconnect();
            client.connect();
            client.listSimulations();
            client.disconnect();

            assertThat(proxy.count("POST /sessions/request")).isEqualTo(2);
            assertThat(proxy.count("POST /auth/token")).isEqualTo(1);
            assertThat(proxy.count("GET /regions")).isEqualTo(2);
            // The server's ping_url names the server itself, so pings bypass the proxy; their result does not.
            assertThat(proxy.sessionRequestBodies).allSatisfy(body -> assertThat(body).matches(
                    "\\{\"region_latencies\":\\{\"local\":\\d+}}"));
        }
    }

    @Test
    void noSecretAppearsInAnyExceptionOrToString(LocalOdysseyServer server) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        try (RestProxy proxy = new RestProxy(server.baseUrl());
             OdysseyClient client = TestSupport.clientFor(server).apiUrl(proxy.baseUrl()).build()) {
            client.connect();
            collect(failures, () -> client.interact("no stream yet"));
            client.startStream("a stream");
            collect(failures, () -> client.startStream("a second one"));
            collect(failures, () -> client.simulationStatus("no-such-job"));
            collect(failures, () -> client.cancelSimulation("no-such-job"));
            collect(failures, () -> TestSupport.clientFor(server).apiUrl(proxy.baseUrl())
                    .apiKey("ody_wrong_key_9876543210").build().connect());
            collect(failures, () -> TestSupport.clientFor(server).apiUrl(proxy.baseUrl())
                    .apiKey("malformed-secret-key").build().listSimulations());
            String description = client.toString();
            client.disconnect();
            collect(failures, () -> client.interact("after disconnect"));

            List<String> secrets = new ArrayList<>(List.of(TestSupport.API_KEY, "ody_wrong_key_9876543210", "malformed-secret-key"));
            for (String body : proxy.responseBodies) {
                JsonNode json = Json.parse(body);
                for (String field : List.of("access_token", "session_token")) {
                    if (json.hasNonNull(field)) {
                        secrets.add(json.get(field).asText());
                    }
                }
            }
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(5); // the keys, an access token, a session token
            assertThat(failures).hasSize(7);
            for (Throwable failure : failures) {
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                for (String secret : secrets) {
                    assertThat(trace.toString()).doesNotContain(secret);
                }
            }
            for (String secret : secrets) {
                assertThat(description).doesNotContain(secret);
            }
        }
    }

    private static void collect(List<Throwable> failures, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    @Test
    void anUnknownKeyIsRefusedWith401AndTheKeyIsNotInTheMessage(LocalOdysseyServer server) {
        assertKeyRefused(server, "ody_wrong_key_9876543210", OdysseyClient::connect, 401);
        assertThat(server.usage().sessions()).isEmpty();
    }

    @Test
    void aMalformedKeyIsRefusedWith422(LocalOdysseyServer server) {
        assertKeyRefused(server, "not-an-odyssey-key-secret", OdysseyClient::listSimulations, 422);
    }

    /** {@code call} on a client with {@code key} is refused with {@code status}, and the message does not hold the key. */
    private static void assertKeyRefused(LocalOdysseyServer server, String key, Consumer<OdysseyClient> call, int status) {
        OdysseyClient client = TestSupport.clientFor(server).apiKey(key).build();
        assertThatThrownBy(() -> call.accept(client))
                .isInstanceOfSatisfying(OdysseyAuthenticationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(status);
                    assertThat(e.getMessage()).doesNotContain(key);
                });
    }

    @Test
    void anUnreachableApiFailsPromptlyWithoutTheKey(LocalOdysseyServer server) throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        OdysseyClient client = TestSupport.clientFor(server).apiUrl("http://127.0.0.1:" + closedPort).build();
        assertThatThrownBy(client::connect)
                .isInstanceOf(OdysseyException.class)
                .hasMessageStartingWith("cannot reach the Odyssey API at http://127.0.0.1:" + closedPort)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(TestSupport.API_KEY));
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void keyAndUrlFallBackToTheEnvironmentSeam(LocalOdysseyServer server) {
        Map<String, String> env = Map.of("ODYSSEY_API_KEY", TestSupport.API_KEY, "ODYSSEY_API_URL", server.baseUrl());
        try (OdysseyClient client = OdysseyClient.builder().environment(env::get)
                .keepaliveInterval(TestSupport.FAST_KEEPALIVE).build()) {
            client.connect();
            assertThat(client.isConnected()).isTrue();
            assertThat(client.toString()).contains(server.baseUrl()).doesNotContain(TestSupport.API_KEY);
        }
    }

    @Test
    void builderDefaultsAndValidation() {
        assertThatThrownBy(() -> OdysseyClient.builder().environment(name -> null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ODYSSEY_API_KEY");
        OdysseyClient defaults = OdysseyClient.builder().environment(name -> null).apiKey(TestSupport.API_KEY).build();
        assertThat(defaults.toString()).contains("https://api.odyssey.ml").doesNotContain(TestSupport.API_KEY);
        assertThat(OdysseyClient.builder().apiKey(TestSupport.API_KEY).toString()).doesNotContain(TestSupport.API_KEY);
        assertThatThrownBy(() -> OdysseyClient.builder().apiKey(TestSupport.API_KEY).apiUrl("ftp://example").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
