package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.keeper.Sessions.Conn;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.odysseyguard.hardstop.keeper.Sessions.credentials;
import static org.assertj.core.api.Assertions.assertThat;

/** What is held and what changed: keys, reads only where needed, connections kept while they hold a lost session. */
class SessionLedgerTest {
    private final SessionLedger<Conn> ledger = new SessionLedger<>(new Sessions.Source());

    @Test
    void eachSessionKeepsItsKeyWhileItIsHeld() {
        Conn a = new Conn("A.a(A.java:1)").holding(credentials("s-a", "t1"));
        Conn b = new Conn("B.b(B.java:2)").holding(credentials("s-b", "t1"));
        Map<Long, HeldSession> first = ledger.read(List.of(a, b), false);
        assertThat(first.keySet()).containsExactlyInAnyOrder(1L, 2L);
        long keyA = keyOf(first, "s-a");
        long keyB = keyOf(first, "s-b");
        a.holding(credentials("s-a", "t2")); // a renewed token: same session, same key
        Map<Long, HeldSession> again = ledger.read(List.of(a, b), true);
        assertThat(again.get(keyA).credentials().sessionToken()).isEqualTo("t2");
        assertThat(again.get(keyB).site()).isEqualTo("B.b(B.java:2)");
        a.holding(credentials("s-a2", "t1")); // a new session: a new key
        Map<Long, HeldSession> third = ledger.read(List.of(a, b), true);
        assertThat(third.keySet()).containsExactlyInAnyOrder(3L, keyB);
        assertThat(keyOf(third, "s-a2")).isEqualTo(3L);
    }

    private static long keyOf(Map<Long, HeldSession> held, String sessionId) {
        return held.values().stream().filter(s -> s.sessionId().equals(sessionId)).findFirst().orElseThrow().key();
    }

    @Test
    void onAChangeOnlyNewAndLeftConnectionsAreRead() {
        Conn a = new Conn("a").holding(credentials("s-a", "t"));
        Conn b = new Conn("b").holding(credentials("s-b", "t"));
        ledger.read(List.of(a), false);
        ledger.read(List.of(a, b), false);
        assertThat(a.reads).as("a, read when new only").isEqualTo(1);
        assertThat(b.reads).isEqualTo(1);
        ledger.read(List.of(a, b), true);
        assertThat(a.reads).as("a look reads everyone").isEqualTo(2);
    }

    @Test
    void anUntrackedConnectionStaysWhileItStillHoldsASessionAndIsForgottenAfter() {
        Conn a = new Conn("a").holding(credentials("s-a", "t"));
        ledger.read(List.of(a), false);
        // released, but the network had dropped it: its client still ends the lost session
        assertThat(ledger.read(List.of(), false)).hasSize(1);
        a.holding();
        assertThat(ledger.read(List.of(), false)).isEmpty();
        int reads = a.reads;
        ledger.read(List.of(), true);
        assertThat(a.reads).as("forgotten: never read again").isEqualTo(reads);
    }

    @Test
    void theChangeForgetsWhatWentAndRemembersWhatIsNewOrRenewed() {
        Conn a = new Conn("a").holding(credentials("s-a", "t1"));
        Conn b = new Conn("b").holding(credentials("s-b", "t1"));
        Map<Long, HeldSession> told = ledger.read(List.of(a, b), false);
        long keyA = keyOf(told, "s-a");
        long keyB = keyOf(told, "s-b");
        assertThat(SessionLedger.change(Map.of(), told).remember()).extracting(HeldSession::key)
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(SessionLedger.change(told, told).isEmpty()).isTrue();
        assertThat(SessionLedger.sameSessions(told, told)).isTrue();

        a.holding(credentials("s-a", "t2"));
        b.holding();
        Map<Long, HeldSession> now = ledger.read(List.of(a), true);
        SessionLedger.Change change = SessionLedger.change(told, now);
        assertThat(change.forget()).containsExactly(keyB);
        assertThat(change.remember()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo(keyA);
            assertThat(s.credentials().sessionToken()).isEqualTo("t2");
        });
        assertThat(SessionLedger.sameSessions(told, now)).isFalse();
    }
}
