package io.odysseyguard.hardstop.watchdog;

import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.hardstop.HeldSession;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link to the watchdog over a real pipe whose reader the test controls: what is flushed arrives framed and in
 * order; a reader that stops (a watchdog booting or hung) holds a caller up at most its bound once, later callers not
 * at all, and nothing is lost once it reads again.
 */
class WatchdogLinkTest {
    /** A pipe this small fills with a few sessions: the writer then blocks as on a watchdog that does not read. */
    private static final int PIPE_BYTES = 1024;
    private static final long BOUND_MILLIS = 200;

    @Test
    void messagesArriveFramedAndInOrderAndTheGoodbyeEndsThePipe() throws Exception {
        PipedInputStream watchdog = new PipedInputStream(64 * 1024);
        WatchdogLink link = WatchdogLink.over(new PipedOutputStream(watchdog), 7);
        link.remember(session(1));
        link.remember(session(2));
        assertThat(link.flush(BOUND_MILLIS)).isTrue();
        link.forget(1);
        assertThat(link.flush(BOUND_MILLIS)).isTrue();
        link.goodbye(BOUND_MILLIS);

        DataInputStream in = new DataInputStream(watchdog);
        assertThat(in.readByte()).isEqualTo(LinkMessages.REMEMBER);
        assertThat(LinkMessages.readRemember(in).key()).isEqualTo(1);
        assertThat(in.readByte()).isEqualTo(LinkMessages.REMEMBER);
        HeldSession second = LinkMessages.readRemember(in);
        assertThat(second.key()).isEqualTo(2);
        assertThat(second.credentials()).isEqualTo(session(2).credentials());
        assertThat(in.readByte()).isEqualTo(LinkMessages.FORGET);
        assertThat(in.readLong()).isEqualTo(1);
        assertThat(in.readByte()).isEqualTo(LinkMessages.GOODBYE);
        assertThat(in.read()).as("the pipe closed after the goodbye").isEqualTo(-1);
        assertThat(link.pid()).isEqualTo(7);
    }

    @Test
    void aStalledReaderHoldsUpOneCallerWithinTheBoundAndNothingIsLost() throws Exception {
        PipedInputStream watchdog = new PipedInputStream(PIPE_BYTES);
        WatchdogLink link = WatchdogLink.over(new PipedOutputStream(watchdog), 7);

        // Nobody reads: the first batch fills the pipe, the writer blocks, the caller waits its bound, no longer.
        for (int key = 1; key <= 20; key++) {
            link.remember(session(key));
        }
        long start = System.nanoTime();
        assertThat(link.flush(BOUND_MILLIS)).as("not in the pipe: nobody reads").isFalse();
        Duration first = Duration.ofNanos(System.nanoTime() - start);
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(BOUND_MILLIS)).isLessThan(Duration.ofSeconds(5));

        // Stalled: later callers hand their batches over without waiting.
        start = System.nanoTime();
        for (int key = 21; key <= 40; key++) {
            link.remember(session(key));
            assertThat(link.flush(BOUND_MILLIS)).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 flushes while stalled")
                .isLessThan(Duration.ofMillis(BOUND_MILLIS * 5));

        // The reader reads again: every session arrives, in order, and the link is no longer stalled.
        List<Long> keys = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                DataInputStream in = new DataInputStream(watchdog);
                while (true) {
                    byte kind = in.readByte();
                    if (kind != LinkMessages.REMEMBER) {
                        return;
                    }
                    synchronized (keys) {
                        keys.add(LinkMessages.readRemember(in).key());
                    }
                }
            } catch (EOFException end) {
                // the goodbye closed it
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (keys) {
                if (keys.size() == 40) {
                    break;
                }
            }
            Thread.sleep(10);
        }
        Thread.sleep(50); // the writer has written the last of them and is idle: the stall is over
        link.remember(session(41));
        assertThat(link.flush(Duration.ofSeconds(10).toMillis())).as("in the pipe once the reader is back").isTrue();
        link.goodbye(Duration.ofSeconds(10).toMillis());
        reader.join(10_000);
        List<Long> expected = new ArrayList<>();
        for (long key = 1; key <= 41; key++) {
            expected.add(key);
        }
        assertThat(keys).containsExactlyElementsOf(expected);
    }

    private static HeldSession session(long key) {
        SessionCredentials c = new SessionCredentials("session-" + key, "ws://127.0.0.1:1/signal",
                "token-of-session-" + key + "-".repeat(80), Instant.ofEpochMilli(1_800_000_000_000L + key));
        return new HeldSession(key, c, 1_700_000_000_000L, "app", "com.acme.Main.main(Main.java:" + key + ")");
    }
}
