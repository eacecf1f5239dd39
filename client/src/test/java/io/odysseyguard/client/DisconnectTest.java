package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.awaitSession;
import static io.odysseyguard.client.TestSupport.connect;
import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.RestProxy;
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
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest(concurrencyLimit = 5)
class DisconnectTest {

    @Test
    void gracefulDisconnectReleasesTheSessionAsClientDisconnect(LocalOdysseyServer server) throws Exception {
        RecordingListener events = new RecordingListener();
        try (OdysseyClient client = TestSupport.clientFor(server).listener(events).build()) {
            String sessionId = connect(client);
            assertThat(sessionId).isNotBlank();
            assertThat(client.isConnected()).isTrue();
            assertThat(events.connected).containsExactly(sessionId);
            // The server attaches the socket in its own open handler, a moment after our handshake completes.
            awaitSession(server, sessionId, s -> assertThat(s.state()).isEqualTo(SessionState.CONNECTED));

            client.disconnect();

            assertThat(client.isConnected()).isFalse();
            assertThat(client.sessionId()).isNull();
            awaitSession(server, sessionId, s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            });
            assertThat(events.disconnected).containsExactly("1000 Client disconnect byServer=false");

            // The same numbers over the wire, as the dashboard reads them.
            HttpResponse<String> usage = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/usage")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(usage.body()).contains("\"total\":{\"concurrent_sessions\":0,").contains("client_disconnect");
        }
    }

    @Test
    void disconnectIsIdempotentAndCloseIsTheSame(LocalOdysseyServer server) {
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
    void disconnectFromAnotherThreadAndFromManyAtOnce(LocalOdysseyServer server) throws Exception {
        OdysseyClient client = TestSupport.clientFor(server).build();
        String sessionId = connect(client);

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
        awaitClientDisconnect(server, sessionId);
    }

    @Test
    void disconnectFromAnInterruptedThreadStillReleasesTheSlotAndKeepsTheInterrupt(LocalOdysseyServer server) throws Exception {
        OdysseyClient client = TestSupport.clientFor(server).build();
        String sessionId = connect(client);
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
        awaitClientDisconnect(server, sessionId);
    }

    @Test
    void disconnectFromAListenerCallbackReleasesTheSlot(LocalOdysseyServer server) {
        AtomicReference<OdysseyClient> self = new AtomicReference<>();
        OdysseyClient client = TestSupport.clientFor(server).listener(new OdysseyListener() {
            @Override
            public void onInteractAcknowledged(String prompt) {
                self.get().disconnect(); // on the socket's own reader thread
            }
        }).build();
        self.set(client);
        String sessionId = connect(client);
        client.startStream("a forest");
        assertThatThrownBy(() -> client.interact("rain"))
                .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("disconnected"));
        assertThat(client.isConnected()).isFalse();
        awaitClientDisconnect(server, sessionId);
    }

    @Test
    void disconnectIsBoundedEvenWhenTheServerIsGone(LocalOdysseyServer server) {
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
    void disconnectDuringAConnectEndsTheSessionTheServiceHadAlreadyGranted(LocalOdysseyServer server) throws Exception {
        try (RestProxy proxy = new RestProxy(server.baseUrl())) {
            OdysseyClient client = TestSupport.clientFor(server).apiUrl(proxy.baseUrl()).build();
            proxy.hold("/sessions/token"); // the session is granted; its token's answer waits
            ExecutorService connecting = Executors.newSingleThreadExecutor();
            try {
                Future<Throwable> connect = connecting.submit(() -> {
                    try {
                        client.connect();
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                assertThat(proxy.awaitHeld(Duration.ofSeconds(30))).isTrue();
                assertThat(server.usage().sessions()).singleElement()
                        .satisfies(s -> assertThat(s.state()).isEqualTo(SessionState.REQUESTED));
                String sessionId = server.usage().sessions().get(0).sessionId();

                Thread letGo = new Thread(() -> {
                    sleep(150);
                    proxy.letGo();
                });
                letGo.start();
                client.disconnect(); // the connect gives up once its token arrives; this waits for it

                assertThat(connect.isDone()).as("disconnect() returned after the connect gave up").isTrue();
                assertThat(connect.get()).isInstanceOf(OdysseyException.class).hasMessageContaining("abandoned");
                assertThat(client.isConnected()).isFalse();
                awaitClientDisconnect(server, sessionId);
                assertThat(server.usage().concurrentSessions()).isZero();
                letGo.join();
            } finally {
                connecting.shutdownNow();
            }
        }
    }

    @Test
    void secondConnectWhileConnectedOpensNoSecondSession(LocalOdysseyServer server) {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            String first = connect(client);
            client.connect();
            client.connect();
            assertThat(client.sessionId()).isEqualTo(first);
            assertThat(server.usage().concurrentSessions()).isEqualTo(1);
            assertThat(server.usage().sessions()).hasSize(1);
        }
    }

    @Test
    void concurrentConnectsOfOneClientOpenOneSession(LocalOdysseyServer server) throws Exception {
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
    void aClientCanConnectAgainAfterDisconnect(LocalOdysseyServer server) {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            String first = connect(client);
            client.disconnect();
            assertThat(connect(client)).isNotEqualTo(first);
            eventually().until(() -> server.usage().concurrentSessions() == 1);
        }
    }

    @Test
    void operationsWithoutAConnectionFailClearly(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        assertThatThrownBy(() -> client.startStream("a forest"))
                .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("not_connected"));
        client.endStream(); // no stream: nothing to do
        assertThat(client.toString()).contains("connected=false").doesNotContain(TestSupport.API_KEY);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitClientDisconnect(LocalOdysseyServer server, String sessionId) {
        awaitSession(server, sessionId, s -> assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT));
    }
}
