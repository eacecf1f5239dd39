package io.odysseyguard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odysseyguard.agent.it.apps.ClientsApp;
import io.odysseyguard.agent.it.apps.ConnectingApp;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.RestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: real JVMs running the real client against the local stand-in server, judged by the server's
 * {@code GET /usage}.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5, heartbeatTimeout = "60s")
class OdysseyClientIT {
    private static final Duration EXIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    /** {@code ClientsApp <api url> <mode>} with the API key in its environment, never on its command line. */
    private ChildJvmBuilder clientsApp(ChildJvmBuilder jvm) {
        return jvm.env("ODYSSEY_API_KEY", apiKey);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"return", "exit"})
    void exitingWithoutDisconnectLeavesNoSessionBehind(String mode, LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), mode)).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("streaming=true");
            assertAllClosedByClientDisconnect(server);
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 3 Odyssey connections left open by app at JVM exit (opened at "
                            + ClientsApp.class.getName() + ".main(ClientsApp.java:");
            assertThat(child.stdout() + child.stderr()).doesNotContain(apiKey);
            // Each session names the guarded process that held it (the agent's io.odysseyguard.agent, in the
            // client's User-Agent).
            String guarded = "; odyssey-guard " + agentVersion() + "; pid " + child.pid() + "; main "
                    + ClientsApp.class.getName() + ")";
            assertThat(clients(usage(server))).hasSize(3).allSatisfy(client -> assertThat(client)
                    .startsWith("odyssey-java-client/").endsWith(guarded));
        }
    }

    @ParameterizedTest(name = "kill -{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void signalsLeaveNoSessionBehind(String signal, LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = clientsApp(TestJvms.guarded(ClientsApp.class.getName(), server.baseUrl(), "wait")).start()) {
            child.awaitLine("ready", EXIT);
            assertThat(concurrentSessions(usage(server))).isEqualTo(3);
            child.signal(ChildJvm.Signal.valueOf(signal));
            child.awaitExit(EXIT);
            assertAllClosedByClientDisconnect(server);
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 3 Odyssey connections left open by app at JVM exit");
        }
    }

    /**
     * SIGTERM while a connect runs, after the service granted its session and before the client opened it (the
     * answer to its token request is held back, then let go while the JVM ends): the guard disconnects the client,
     * whose connect gives up and ends that session.
     */
    @Test
    void aJvmEndingDuringAConnectLeavesNoSessionBehind(LocalOdysseyServer server) throws Exception {
        try (RestProxy proxy = new RestProxy(server.baseUrl())) {
            proxy.hold("/sessions/token");
            try (ChildJvm child = clientsApp(TestJvms.guarded(ConnectingApp.class.getName(), proxy.baseUrl())).start()) {
                assertThat(proxy.awaitHeld(EXIT)).as(child.describe()).isTrue();
                assertThat(states(usage(server))).containsExactly("requested");
                Thread letGo = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    proxy.letGo();
                });
                letGo.start();
                child.signal(ChildJvm.Signal.TERM);
                child.awaitExit(EXIT);
                letGo.join();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode usage = usage(server);
                    assertThat(concurrentSessions(usage)).isZero();
                    assertThat(states(usage)).containsExactly("closed");
                    assertThat(usage.path("sessions").get(0).path("close_reason").asText()).isEqualTo("client_disconnect");
                });
                assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                        .startsWith("odyssey-guard: released 1 Odyssey connection left open by app at JVM exit (opened at "
                                + ConnectingApp.class.getName());
            }
        }
    }

    @Test
    void withoutTheAgentTheSessionsDangle(LocalOdysseyServer server) throws Exception {
        try (ChildJvm child = clientsApp(TestJvms.unguarded(ClientsApp.class.getName(), server.baseUrl(), "return")).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode usage = usage(server);
                assertThat(concurrentSessions(usage)).isEqualTo(3);
                assertThat(states(usage)).containsExactly("dangling", "dangling", "dangling");
            });
            assertThat(clients(usage(server))).hasSize(3).allSatisfy(client -> assertThat(client)
                    .startsWith("odyssey-java-client/").doesNotContain("odyssey-guard").doesNotContain("pid"));
        }
    }

    private static void assertAllClosedByClientDisconnect(LocalOdysseyServer server) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode usage = usage(server);
            assertThat(concurrentSessions(usage)).isZero();
            assertThat(states(usage)).containsExactly("closed", "closed", "closed");
            List<String> reasons = new ArrayList<>();
            usage.path("sessions").forEach(s -> reasons.add(s.path("close_reason").asText()));
            assertThat(reasons).containsExactly("client_disconnect", "client_disconnect", "client_disconnect");
        });
    }

    /** What each session's client named itself in its {@code User-Agent}. */
    private static List<String> clients(JsonNode usage) {
        List<String> clients = new ArrayList<>();
        usage.path("sessions").forEach(s -> clients.add(s.path("client").asText()));
        return clients;
    }

    /** The agent jar's Implementation-Version, read from the jar the children run with. */
    private static String agentVersion() throws Exception {
        try (JarFile jar = new JarFile(TestJvms.AGENT_JAR.toFile())) {
            String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
            assertThat(version).as("Implementation-Version of %s", TestJvms.AGENT_JAR).isNotBlank();
            return version;
        }
    }

    /** Sessions counting against the limit, over every key: without a token {@code GET /usage} lists keys apart. */
    private static int concurrentSessions(JsonNode usage) {
        JsonNode total = usage.path("total").path("concurrent_sessions");
        assertThat(total.isInt()).as("total.concurrent_sessions in %s", usage).isTrue();
        return total.asInt();
    }

    private static List<String> states(JsonNode usage) {
        List<String> states = new ArrayList<>();
        usage.path("sessions").forEach(s -> states.add(s.path("state").asText()));
        return states;
    }

    private static JsonNode usage(LocalOdysseyServer server) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/usage"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
