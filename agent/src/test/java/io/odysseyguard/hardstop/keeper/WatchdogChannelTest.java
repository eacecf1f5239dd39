package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.keeper.Sessions.Conn;
import io.odysseyguard.hardstop.watchdog.LinkMessages;
import io.odysseyguard.hardstop.watchdog.WatchdogLink;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.odysseyguard.hardstop.keeper.Sessions.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog is started with the first session held, never before, and told exactly the difference each time,
 * over a real pipe the test reads as the watchdog would.
 */
class WatchdogChannelTest {
    private final PipedInputStream watchdog = new PipedInputStream(64 * 1024);
    private int starts;
    private final WatchdogChannel channel = new WatchdogChannel(() -> {
        starts++;
        return WatchdogLink.over(new PipedOutputStream(watchdog), 4242);
    });
    private final SessionLedger<Conn> ledger = new SessionLedger<>(new Sessions.Source());

    @Test
    void startedWithTheFirstSessionAndToldOnlyWhatChanged() throws Exception {
        Conn plain = new Conn("a"); // a targets= connection: no credentials
        channel.tell(ledger.read(List.of(plain), false), 1000);
        assertThat(starts).as("nothing held: no watchdog").isZero();
        assertThat(channel.pid()).isZero();

        Conn a = new Conn("a").holding(credentials("s-a", "t1"));
        Map<Long, HeldSession> now = ledger.read(List.of(plain, a), false);
        channel.tell(now, 1000);
        assertThat(starts).isEqualTo(1);
        assertThat(channel.pid()).isEqualTo(4242);
        channel.tell(ledger.read(List.of(plain, a), true), 1000); // nothing changed: nothing said
        a.holding(credentials("s-a", "t2"));
        channel.tell(ledger.read(List.of(plain, a), true), 1000);
        a.holding();
        channel.tell(ledger.read(List.of(plain), false), 1000);
        assertThat(channel.told()).isEmpty();
        channel.goodbye(1000);

        assertThat(messages()).containsExactly("remember s-a t1", "remember s-a t2", "forget", "goodbye");
        assertThat(starts).isEqualTo(1);
    }

    @Test
    void aWatchdogThatCannotStartLeavesWhatIsHeldToldNowhereButKnown() {
        WatchdogChannel none = new WatchdogChannel(() -> null);
        Map<Long, HeldSession> now = ledger.read(List.of(new Conn("a").holding(credentials("s-a", "t"))), false);
        none.tell(now, 1000);
        assertThat(none.pid()).isZero();
        assertThat(none.told()).isEqualTo(now);
        none.goodbye(1000); // nothing to say goodbye to
    }

    /** What the watchdog read, until the pipe closed after the goodbye. */
    private List<String> messages() throws IOException {
        List<String> out = new ArrayList<>();
        DataInputStream in = new DataInputStream(watchdog);
        while (true) {
            byte kind = in.readByte();
            if (kind == LinkMessages.REMEMBER) {
                HeldSession s = LinkMessages.readRemember(in);
                out.add("remember " + s.sessionId() + " " + s.credentials().sessionToken());
            } else if (kind == LinkMessages.FORGET) {
                in.readLong();
                out.add("forget");
            } else if (kind == LinkMessages.GOODBYE) {
                out.add("goodbye");
                return out;
            } else {
                throw new IOException("unknown message " + kind);
            }
        }
    }
}
