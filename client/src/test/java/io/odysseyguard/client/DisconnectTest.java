package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import io.odysseyguard.localserver.SessionState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DisconnectTest {

    private LocalOdysseyServer server;

    @BeforeEach
    void startServer() {
        server = LocalOdysseyServer.start(ServerConfig.defaults().withPort(0).withConcurrencyLimit(5));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void gracefulDisconnectReleasesTheSessionAsClientDisconnect() throws Exception {
        RecordingListener events = new RecordingListener();
        try (OdysseyClient client = TestSupport.clientFor(server).listener(events).build()) {
            client.connect();
            String sessionId = client.sessionId();
            assertThat(sessionId).isNotBlank();
            assertThat(client.isConnected()).isTrue();
            assertThat(events.connected).containsExactly(sessionId);
            // The server attaches the socket in its own open handler, a moment after our handshake completes.
            eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                    s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED)));

            client.disconnect();

            assertThat(client.isConnected()).isFalse();
            assertThat(client.sessionId()).isNull();
            eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            }));
            assertThat(events.disconnected).containsExactly("1000 Client disconnect byServer=false");

            // The same numbers over the wire, as the dashboard reads them.
            HttpResponse<String> usage = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/usage")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(usage.body()).contains("\"concurrent_sessions\":0").contains("client_disconnect");
        }
    }

    @Test
    void disconnectIsIdempotentAndCloseIsTheSame() {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.disconnect(); // before any connect: nothing to do
        client.connect();
        client.disconnect();
        client.disconnect();
        client.close();
        client.close();
        assertThat(client.isConnected()).isFalse();
        eventually().until(() -> server.usage().concurrentSessions() == 0);
        assertThat(server.usage().sessions()).hasSize(1);
    }

    @Test
    void disconnectFromAnotherThreadAndFromManyAtOnce() throws Exception {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        String sessionId = client.sessionId();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    client.disconnect();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS); // none throws, none hangs
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.isConnected()).isFalse();
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT)));
    }

    @Test
    void disconnectFromAnInterruptedThreadStillReleasesTheSlotAndKeepsTheInterrupt() throws Exception {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        String sessionId = client.sessionId();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            client.disconnect();
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        caller.join(30_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(stillInterrupted).isTrue();
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT)));
    }

    @Test
    void disconnectFromAListenerCallbackReleasesTheSlot() {
        AtomicReference<OdysseyClient> self = new AtomicReference<>();
        OdysseyClient client = TestSupport.clientFor(server).listener(new OdysseyListener() {
            @Override
            public void onInteractAcknowledged(String prompt) {
                self.get().disconnect(); // on the socket's own reader thread
            }
        }).build();
        self.set(client);
        client.connect();
        String sessionId = client.sessionId();
        client.startStream("a forest");
        assertThatThrownBy(() -> client.interact("rain"))
                .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("disconnected"));
        assertThat(client.isConnected()).isFalse();
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT)));
    }

    @Test
    void disconnectIsBoundedEvenWhenTheServerIsGone() {
        OdysseyClient client = TestSupport.clientFor(server).build();
        client.connect();
        server.close();
        long started = System.nanoTime();
        client.disconnect(); // must not throw
        // Generous: the budget is about a second; only a hang would exceed this.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void secondConnectWhileConnectedOpensNoSecondSession() {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            client.connect();
            String first = client.sessionId();
            client.connect();
            client.connect();
            assertThat(client.sessionId()).isEqualTo(first);
            assertThat(server.usage().concurrentSessions()).isEqualTo(1);
            assertThat(server.usage().sessions()).hasSize(1);
        }
    }

    @Test
    void concurrentConnectsOfOneClientOpenOneSession() throws Exception {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    calls.add(pool.submit(client::connect));
                }
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.usage().sessions()).hasSize(1);
        }
    }

    @Test
    void aClientCanConnectAgainAfterDisconnect() {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            client.connect();
            String first = client.sessionId();
            client.disconnect();
            client.connect();
            assertThat(client.sessionId()).isNotEqualTo(first);
            eventually().until(() -> server.usage().concurrentSessions() == 1);
        }
    }

    @Test
    void operationsWithoutAConnectionFailClearly() {
        OdysseyClient client = TestSupport.clientFor(server).build();
        assertThatThrownBy(() -> client.startStream("a forest"))
                .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("not_connected"));
        client.endStream(); // no stream: nothing to do
        assertThat(client.toString()).contains("connected=false").doesNotContain(TestSupport.API_KEY);
    }
}
