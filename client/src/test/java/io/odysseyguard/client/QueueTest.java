package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 503 "no streamer free": connect() waits in the queue, polling, up to the queue timeout. */
class QueueTest {

    private LocalOdysseyServer server;

    @BeforeEach
    void startServer() {
        // One streamer in the pool: a second session gets 503 until the first is released.
        server = LocalOdysseyServer.start(ServerConfig.defaults().withPort(0).withStreamers(1));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void connectWaitsInTheQueueUntilAStreamerIsFree() throws Exception {
        try (OdysseyClient holder = TestSupport.clientFor(server).build();
             OdysseyClient waiter = TestSupport.clientFor(server).queueTimeout(Duration.ofSeconds(60)).build()) {
            holder.connect();
            CompletableFuture<Void> queued = CompletableFuture.runAsync(waiter::connect);
            Thread.sleep(1500); // a poll or two answered 503
            assertThat(queued).isNotDone();

            holder.disconnect();
            queued.get(60, TimeUnit.SECONDS);
            assertThat(waiter.isConnected()).isTrue();
            assertThat(server.usage().concurrentSessions()).isEqualTo(1);
        }
    }

    @Test
    void connectGivesUpAfterTheQueueTimeout() {
        try (OdysseyClient holder = TestSupport.clientFor(server).build();
             OdysseyClient waiter = TestSupport.clientFor(server).queueTimeout(Duration.ofSeconds(2)).build()) {
            holder.connect();
            assertThatThrownBy(waiter::connect)
                    .isInstanceOfSatisfying(QueueTimeoutException.class,
                            e -> assertThat(e.queueTimeout()).isEqualTo(Duration.ofSeconds(2)));
            assertThat(waiter.isConnected()).isFalse();
        }
    }

    @Test
    void disconnectAbandonsAConnectWaitingInTheQueue() throws Exception {
        try (OdysseyClient holder = TestSupport.clientFor(server).build();
             OdysseyClient waiter = TestSupport.clientFor(server).queueTimeout(Duration.ofSeconds(120)).build()) {
            holder.connect();
            CompletableFuture<Void> queued = CompletableFuture.runAsync(waiter::connect);
            Thread.sleep(1500);

            long started = System.nanoTime();
            waiter.disconnect(); // from another thread, while connect() is polling: returns at once
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

            eventually().until(queued::isDone);
            assertThat(queued).isCompletedExceptionally();
            assertThatThrownBy(queued::join).hasCauseInstanceOf(OdysseyException.class)
                    .hasMessageContaining("abandoned");
            assertThat(waiter.isConnected()).isFalse();
            assertThat(server.usage().sessions()).hasSize(1);
        }
    }
}
