package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code User-Agent} the client names itself with, as the local server records it per session. */
@LocalOdysseyServerTest
class ClientIdentityTest {

    /** The project's version as Maven knows it (surefire passes it), not as the filtered resource has it. */
    private static final String VERSION = System.getProperty("odyssey.test.project.version");

    private String savedGuardProperty;

    @BeforeEach
    void clearGuardProperty() {
        savedGuardProperty = System.getProperty(ClientIdentity.GUARD_PROPERTY);
        System.clearProperty(ClientIdentity.GUARD_PROPERTY);
    }

    @AfterEach
    void restoreGuardProperty() {
        if (savedGuardProperty == null) {
            System.clearProperty(ClientIdentity.GUARD_PROPERTY);
        } else {
            System.setProperty(ClientIdentity.GUARD_PROPERTY, savedGuardProperty);
        }
    }

    @Test
    void theSessionSaysWhichClientHoldsIt(LocalOdysseyServer server) {
        assertThat(VERSION).as("surefire's odyssey.test.project.version").isNotBlank();
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            String sessionId = TestSupport.connect(client);
            String name = TestSupport.session(server, sessionId).orElseThrow().client();
            assertThat(name)
                    .startsWith("odyssey-java-client/" + VERSION + " (Java ")
                    .isEqualTo("odyssey-java-client/" + VERSION + " (Java " + System.getProperty("java.version") + ")")
                    .doesNotContain("pid");
        }
    }

    @Test
    void withTheGuardPresentTheSessionSaysWhichProcessHoldsIt(LocalOdysseyServer server) {
        System.setProperty(ClientIdentity.GUARD_PROPERTY, "odyssey-guard 9.9.9; pid 4242; main acme.App");
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            String sessionId = TestSupport.connect(client);
            assertThat(TestSupport.session(server, sessionId).orElseThrow().client()).isEqualTo("odyssey-java-client/"
                    + VERSION + " (Java " + System.getProperty("java.version")
                    + "; odyssey-guard 9.9.9; pid 4242; main acme.App)");
        }
    }

    @Test
    void thePropertyIsReadAtEachRequest() {
        String without = ClientIdentity.userAgent();
        assertThat(without).isEqualTo("odyssey-java-client/" + VERSION + " (Java " + System.getProperty("java.version") + ")");

        System.setProperty(ClientIdentity.GUARD_PROPERTY, " odyssey-guard 1.2; pid 7; main app.jar ");
        assertThat(ClientIdentity.userAgent())
                .isEqualTo(without.substring(0, without.length() - 1) + "; odyssey-guard 1.2; pid 7; main app.jar)");

        System.setProperty(ClientIdentity.GUARD_PROPERTY, " ");
        assertThat(ClientIdentity.userAgent()).isEqualTo(without);
        System.clearProperty(ClientIdentity.GUARD_PROPERTY);
        assertThat(ClientIdentity.userAgent()).isEqualTo(without);
    }

    @Test
    void whatThePropertySaysIsKeptPrintableAndShort() {
        System.setProperty(ClientIdentity.GUARD_PROPERTY, "main caf\u00e9 (x)\\\r\nInjected: yes");
        String agent = ClientIdentity.userAgent();
        assertThat(agent).endsWith("; main caf? ?x????Injected: yes)").matches("[\\x20-\\x7e]+");

        System.setProperty(ClientIdentity.GUARD_PROPERTY, "x".repeat(1000));
        String longOne = ClientIdentity.userAgent();
        assertThat(longOne).endsWith("; " + "x".repeat(ClientIdentity.GUARD_MAX_LENGTH) + ")");
    }

    @Test
    void theVersionComesFromTheFilteredResource() {
        assertThat(ClientIdentity.clientVersion()).isEqualTo(VERSION);
    }

    /** The JDK lets a WebSocket handshake carry a User-Agent (it is not one of its restricted headers): it does. */
    @Test
    void theSignalingHandshakeNamesTheClientToo() throws Exception {
        System.setProperty(ClientIdentity.GUARD_PROPERTY, "odyssey-guard 9.9.9; pid 4242; main acme.App");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> handshake = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    List<String> lines = new ArrayList<>();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        lines.add(line);
                    }
                    // A refusal fails the opening at once (a socket closed without an answer is retried, then times out).
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    return lines;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            URI uri = URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/signalling");
            SignalingConnection.Events ignored = new SignalingConnection.Events() {
                @Override
                public void onMessage(String type, JsonNode message) {
                }

                @Override
                public void onClosed(int code, String reason, boolean byServer) {
                }
            };
            assertThatThrownBy(() -> SignalingConnection.open(HttpClient.newHttpClient(), uri, Duration.ofSeconds(5),
                    ignored, new Secrets())).isInstanceOf(OdysseyException.class);
            List<String> headers = handshake.get(10, TimeUnit.SECONDS);
            assertThat(headers).filteredOn(h -> h.regionMatches(true, 0, "User-Agent:", 0, 11))
                    .containsExactly("User-Agent: " + ClientIdentity.userAgent());
        }
    }
}
