package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * A client pointed where no Odyssey API answers: the message names the URL, where it came from ({@code apiUrl(...)},
 * {@code ODYSSEY_API_URL}, the default) and what to do, in one line without the key; the JDK's exception stays the
 * cause. Real sockets on loopback: a port where nothing listens, a name that cannot resolve ({@code .invalid}, RFC
 * 6761), a listener whose backlog is full (connect timeout), the local server spoken to in TLS.
 */
class UnreachableApiTest {

    private static final String KEY = "ody_secret_test_key_123";
    private static final String TOKEN = "session_token_secret_456";
    private static final String START_HINT = "Is the local server running? Start it with: "
            + "java -jar local-server/target/odyssey-local-server.jar --port ";

    @Test
    void aRefusedConnectionNamesTheBuildersUrlAndHowToStartTheLocalServer() throws Exception {
        int port = closedPort();
        OdysseyClient client = builder(name -> null).apiUrl("http://127.0.0.1:" + port).build();

        assertConnectFails(client, "cannot reach the Odyssey API at http://127.0.0.1:" + port
                + " (from apiUrl(...)): connection refused. " + START_HINT + port);
    }

    @Test
    void aRefusedConnectionNamesTheEnvironmentVariable() throws Exception {
        int port = closedPort();
        OdysseyClient client = builder(Map.of("ODYSSEY_API_KEY", KEY, "ODYSSEY_API_URL", "http://localhost:" + port)::get)
                .apiKey(null).build();

        assertConnectFails(client, "cannot reach the Odyssey API at http://localhost:" + port
                + " (from ODYSSEY_API_URL): connection refused. " + START_HINT + port);
    }

    @Test
    void theBuildersUrlWinsOverTheEnvironmentAndTheMessageSaysSo() throws Exception {
        int port = closedPort();
        OdysseyClient client = builder(Map.of("ODYSSEY_API_URL", "http://nonexistent.invalid")::get)
                .apiUrl("http://127.0.0.1:" + port).build();

        assertConnectFails(client, "cannot reach the Odyssey API at http://127.0.0.1:" + port
                + " (from apiUrl(...)): connection refused. " + START_HINT + port);
    }

    @Test
    void anUnknownHostFromTheBuilderSaysToCheckTheHostName() {
        OdysseyClient client = builder(name -> null).apiUrl("http://nonexistent.invalid").build();

        assertConnectFails(client, "cannot reach the Odyssey API at http://nonexistent.invalid (from apiUrl(...)): "
                + "unknown host nonexistent.invalid. Check the host name in the URL.");
    }

    @Test
    void anUnknownHostFromTheEnvironmentNamesTheVariable() {
        OdysseyClient client = builder(Map.of("ODYSSEY_API_URL", "https://nonexistent.invalid:8443/")::get).build();

        // The simulation API needs no session: the same message from another call than connect().
        assertThatThrownBy(client::listSimulations).isInstanceOf(OdysseyException.class)
                .hasMessage("cannot reach the Odyssey API at https://nonexistent.invalid:8443/ (from ODYSSEY_API_URL): "
                        + "unknown host nonexistent.invalid. Check the host name in the URL.")
                .satisfies(UnreachableApiTest::assertNoSecret);
    }

    /**
     * The default URL is not reached for real (no internet in a test): the HttpClient given to the builder goes
     * through a proxy on a loopback port where nothing listens, so the connection fails on this machine.
     */
    @Test
    void theDefaultUrlIsNamedAsTheDefaultAndAProxyIsNamedWhenOneIsUsed() throws Exception {
        int port = closedPort();
        HttpClient viaProxy = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
        OdysseyClient client = builder(name -> null).httpClient(viaProxy).build();

        assertConnectFails(client, "cannot reach the Odyssey API at https://api.odyssey.ml (the default; "
                + "ODYSSEY_API_URL is not set) through the proxy 127.0.0.1:" + port + ": connection refused. "
                + "Check the proxy of the HttpClient given to httpClient(...).");
    }

    /**
     * Without a proxy the default URL could only fail for real over the network: this checks the wording alone, from
     * the exception the JDK's HttpClient throws for a name that does not resolve (as seen in
     * {@link #anUnknownHostFromTheBuilderSaysToCheckTheHostName}).
     */
    @Test
    void theDefaultUrlOutOfReachPointsAtTheNetworkAndTheLocalServer() {
        ConnectException jdkShaped = new ConnectException();
        jdkShaped.initCause(new UnresolvedAddressException());
        ApiEndpoint defaultEndpoint = new ApiEndpoint(URI.create(OdysseyClientBuilder.DEFAULT_API_URL),
                ApiEndpoint.Source.DEFAULT);

        assertThat(NetworkErrors.apiMessage("POST /auth/token", jdkShaped, defaultEndpoint, HttpClient.newHttpClient(),
                Duration.ofSeconds(30), new Secrets()))
                .isEqualTo("cannot reach the Odyssey API at https://api.odyssey.ml (the default; ODYSSEY_API_URL is "
                        + "not set): unknown host api.odyssey.ml. Check your network connection or proxy, or set "
                        + "ODYSSEY_API_URL to use the local server.");
    }

    /** A listener whose accept queue is full: the kernel drops further connection attempts, as a firewall would. */
    @Test
    void noConnectionWithinTheRequestTimeoutIsAConnectTimeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillBacklog(full);
            try {
                OdysseyClient client = builder(name -> null).apiUrl("http://127.0.0.1:" + full.getLocalPort())
                        .requestTimeout(Duration.ofSeconds(1)).build();
                assertConnectFails(client, "cannot reach the Odyssey API at http://127.0.0.1:" + full.getLocalPort()
                        + " (from apiUrl(...)): no connection within 1000 ms. "
                        + "Check the URL, and that no firewall drops the connection.");
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /** The kernel accepts the connection (the backlog), nothing ever answers: reached, but no answer in time. */
    @Test
    void aConnectionWithoutAnAnswerNamesTheUrlAndTheRequest() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            OdysseyClient client = builder(name -> null).apiUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .requestTimeout(Duration.ofSeconds(1)).build();
            assertConnectFails(client, "the Odyssey API at http://127.0.0.1:" + silent.getLocalPort()
                    + " (from apiUrl(...)) did not answer POST /auth/token within 1000 ms");
        }
    }

    @Test
    @LocalOdysseyServerTest
    void httpsToTheLocalServerSaysItSpeaksPlainHttp(LocalOdysseyServer server) {
        URI plain = URI.create(server.baseUrl());
        String https = "https://127.0.0.1:" + plain.getPort();
        OdysseyClient client = builder(name -> null).apiUrl(https).build();

        assertThatThrownBy(client::connect).isInstanceOf(OdysseyException.class)
                .hasMessageStartingWith("cannot reach the Odyssey API at " + https + " (from apiUrl(...)): "
                        + "the TLS handshake failed (SSLException: ")
                .hasMessageEndingWith("). The local server speaks plain HTTP: use http://127.0.0.1:" + plain.getPort())
                .hasCauseInstanceOf(SSLException.class)
                .satisfies(UnreachableApiTest::assertNoSecret);
    }

    @Test
    void aMalformedUrlIsRefusedAtBuildNamingWhereItCameFrom() {
        // A common slip: the scheme left out, which makes "localhost" the scheme.
        assertThatThrownBy(() -> builder(Map.of("ODYSSEY_API_URL", "localhost:8080")::get).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Odyssey API URL must be http(s)://host[:port]: localhost:8080 (from ODYSSEY_API_URL)");
        assertThatThrownBy(() -> builder(name -> null).apiUrl("ftp://example").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Odyssey API URL must be http(s)://host[:port]: ftp://example (from apiUrl(...))");
    }

    @Test
    void aSignalingSocketThatCannotOpenIsNamedWithoutItsToken() throws Exception {
        int port = closedPort();
        Secrets secrets = new Secrets();
        secrets.add(TOKEN);

        assertThatThrownBy(() -> openSocket("ws://127.0.0.1:" + port + "/client/s-1?token=" + TOKEN, secrets))
                .isInstanceOf(OdysseyException.class)
                .hasMessage("could not open the signaling socket at ws://127.0.0.1:" + port + "/client/s-1 (the "
                        + "signalling_url the API answered): connection refused. Did the local server stop?")
                .satisfies(UnreachableApiTest::assertNoSecret);
        assertThatThrownBy(() -> openSocket("wss://nonexistent.invalid/client/s-1?token=" + TOKEN, secrets))
                .isInstanceOf(OdysseyException.class)
                .hasMessage("could not open the signaling socket at wss://nonexistent.invalid/client/s-1 (the "
                        + "signalling_url the API answered): unknown host nonexistent.invalid. A service behind a proxy "
                        + "or port mapping must answer with an address this client can reach.")
                .satisfies(UnreachableApiTest::assertNoSecret);
    }

    private static OdysseyClientBuilder builder(Function<String, String> environment) {
        return OdysseyClient.builder().apiKey(KEY).environment(environment).requestTimeout(Duration.ofSeconds(10));
    }

    private static void assertConnectFails(OdysseyClient client, String message) {
        assertThatThrownBy(client::connect).isInstanceOf(OdysseyException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(e.getCause()).as("the JDK's exception, for whoever asks").isNotNull())
                .satisfies(UnreachableApiTest::assertNoSecret);
        assertThat(client.isConnected()).isFalse();
    }

    /** Neither the key nor a session token anywhere in what a stack trace would print. */
    private static void assertNoSecret(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(KEY).doesNotContain(TOKEN);
    }

    private static void openSocket(String uri, Secrets secrets) {
        SignalingConnection.Events ignored = new SignalingConnection.Events() {
            @Override
            public void onMessage(String type, JsonNode message) {
            }

            @Override
            public void onClosed(int code, String reason, boolean byServer) {
            }
        };
        SignalingConnection.open(HttpClient.newHttpClient(), URI.create(uri), Duration.ofSeconds(10), ignored, secrets);
    }

    /** A loopback port nothing listens on: bound, noted, closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Connects until the kernel stops completing connections to {@code listener}, which never accepts. */
    private static List<Socket> fillBacklog(ServerSocket listener) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 300);
                queued.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return queued;
            }
        }
        throw new IllegalStateException("the backlog of " + listener + " never filled");
    }
}
