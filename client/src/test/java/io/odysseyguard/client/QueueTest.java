package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 503 "no streamer free": connect() waits in the queue, polling, up to the queue timeout. One streamer in the pool:
 * a second session gets 503 until the first is released.
 */
@LocalOdysseyServerTest(streamers = 1)
class QueueTest {

    @Test
    void connectWaitsInTheQueueUntilAStreamerIsFree(LocalOdysseyServer server) throws Exception {
        try (OdysseyClient holder = TestSupport.clientFor(server).build();
             OdysseyClient waiter = TestSupport.clientFor(server).queueTimeout(Duration.ofSeconds(60)).build()) {
            CompletableFuture<Void> queued = connectBehind(holder, waiter);
            assertThat(queued).isNotDone();

            holder.disconnect();
            queued.get(60, TimeUnit.SECONDS);
            assertThat(waiter.isConnected()).isTrue();
            assertThat(server.usage().concurrentSessions()).isEqualTo(1);
        }
    }

    @Test
    void connectGivesUpAfterTheQueueTimeout(LocalOdysseyServer server) {
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
    void disconnectAbandonsAConnectWaitingInTheQueue(LocalOdysseyServer server) throws Exception {
        try (OdysseyClient holder = TestSupport.clientFor(server).build();
             OdysseyClient waiter = TestSupport.clientFor(server).queueTimeout(Duration.ofSeconds(120)).build()) {
            CompletableFuture<Void> queued = connectBehind(holder, waiter);

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

    /** {@code holder} takes the one streamer; {@code waiter} connects on another thread and is left queueing. */
    private static CompletableFuture<Void> connectBehind(OdysseyClient holder, OdysseyClient waiter) throws InterruptedException {
        holder.connect();
        CompletableFuture<Void> queued = CompletableFuture.runAsync(waiter::connect);
        Thread.sleep(1500); // a poll or two answered 503
        return queued;
    }
}
