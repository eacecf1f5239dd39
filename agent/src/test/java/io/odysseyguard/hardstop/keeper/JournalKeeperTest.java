package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.hardstop.ControlSocket;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.StatusReply;
import io.odysseyguard.hardstop.keeper.Sessions.Conn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static io.odysseyguard.hardstop.keeper.Sessions.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keeper against a real state directory: the journal follows what is held (rewritten only on a change, removed when
 * nothing is), the control socket is served once something is held and answers {@code status} and {@code release},
 * the exit settles up (the goodbye, the socket closed), and its lock is never taken inside the state's.
 */
class JournalKeeperTest {
    @TempDir
    Path stateDir;

    private final Object lock = new Object();
    private final SessionLedger<Conn> ledger = new SessionLedger<>(new Sessions.Source());
    private final List<Conn> tracked = new ArrayList<>();
    private final AtomicInteger released = new AtomicInteger();
    private JvmIdentity jvm;
    private JournalKeeper keeper;

    private void startKeeper() {
        jvm = JvmIdentity.current();
        JournalKeeper.Place place = new JournalKeeper.Place(jvm, stateDir);
        JournalKeeper.Holdings holdings = new JournalKeeper.Holdings() {
            @Override
            public Object lock() {
                return lock;
            }

            @Override
            public Map<Long, HeldSession> held(boolean lookAgain) {
                synchronized (lock) {
                    return ledger.read(tracked, true);
                }
            }

            @Override
            public JournalKeeper.Place place() {
                return place;
            }
        };
        ControlEndpoint.Guarded guarded = new ControlEndpoint.Guarded() {
            @Override
            public int releaseAll(String trigger) {
                released.incrementAndGet();
                for (Conn c : tracked) {
                    c.holding(); // disconnected: it holds nothing any more
                }
                tracked.clear();
                return 1;
            }

            @Override
            public List<HeldSession> heldNow() {
                return new ArrayList<>(holdings.held(true).values());
            }

            @Override
            public long watchdogPid() {
                return 0;
            }
        };
        keeper = new JournalKeeper(holdings, guarded);
    }

    @Test
    void theJournalFollowsWhatIsHeld() throws Exception {
        startKeeper();
        Path file = new Journal(stateDir).fileOf(jvm);
        keeper.sync(true);
        assertThat(file).as("nothing held: no journal").doesNotExist();

        tracked.add(new Conn("a").holding(credentials("s-a", "t1")));
        keeper.sync(true);
        assertThat(entries()).containsExactly("s-a");
        String written = Files.readString(file);
        keeper.sync(true);
        assertThat(Files.readString(file)).as("unchanged: not rewritten").isEqualTo(written);

        tracked.get(0).holding();
        keeper.sync(true);
        assertThat(file).as("nothing held any more").doesNotExist();
    }

    @Test
    void theControlSocketAnswersStatusAndReleaseOnceSomethingIsHeldAndClosesAtExit() throws Exception {
        startKeeper();
        tracked.add(new Conn("A.a(A.java:1)").holding(credentials("s-a", "t1")));
        keeper.sync(true);
        Path socket = ControlSocket.pathOf(stateDir, jvm);
        assertThat(socket).exists();

        StatusReply.JvmSessions status = StatusReply.read(ask(socket, ControlSocket.STATUS));
        assertThat(status.sessions()).extracting(StatusReply.Listed::sessionId).containsExactly("s-a");
        assertThat(status.sessions().get(0).site()).isEqualTo("A.a(A.java:1)");

        Properties reply = ask(socket, ControlSocket.RELEASE);
        assertThat(released.get()).isEqualTo(1);
        assertThat(reply.getProperty("released")).isEqualTo("1");
        assertThat(StatusReply.read(reply).sessions()).as("what it holds after the release").isEmpty();

        AtomicInteger goodbyes = new AtomicInteger();
        keeper.wake(); // the keeper thread runs from now on
        keeper.exit(10_000, goodbyes::incrementAndGet);
        assertThat(goodbyes.get()).isEqualTo(1);
        assertThatThrownBy(() -> ask(socket, ControlSocket.STATUS)).as("closed at exit").isInstanceOf(IOException.class);
    }

    @Test
    void theKeepersLockIsNeverTakenInsideTheStates() {
        startKeeper();
        synchronized (lock) {
            assertThatThrownBy(() -> keeper.sync(false)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lock");
        }
    }

    private List<String> entries() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Journal.Entry e : new Journal(stateDir).readAll(w -> { })) {
            for (HeldSession s : e.sessions()) {
                ids.add(s.sessionId());
            }
        }
        return ids;
    }

    private static Properties ask(Path socket, String command) throws IOException {
        Properties request = new Properties();
        request.setProperty(ControlSocket.COMMAND, command);
        return ControlSocket.ask(socket, request);
    }
}
