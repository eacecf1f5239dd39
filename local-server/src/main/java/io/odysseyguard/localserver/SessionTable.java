package io.odysseyguard.localserver;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every session the server knows: the open ones by id, and the most recent {@value #CLOSED_HISTORY} closed ones,
 * kept for {@code /usage} and to tell a late socket "session closed" rather than "unknown session". Not
 * thread-safe: the {@link SessionRegistry} uses it under its lock.
 */
final class SessionTable {

    /** Closed sessions kept; older ones are forgotten, so a long-running server stays small. */
    static final int CLOSED_HISTORY = 1000;

    private final Map<String, Session> open = new LinkedHashMap<>();
    private final Deque<Session> closed = new ArrayDeque<>();
    /** Per account, how many session requests its concurrent-session limit refused (429). */
    private final Map<String, Integer> limitRefusals = new HashMap<>();

    void add(Session session) {
        open.put(session.id, session);
    }

    /** The open session with this id, or null. */
    Session open(String sessionId) {
        return open.get(sessionId);
    }

    /** The open session with this id while {@code link} is its socket, or null: an old socket speaks for nothing. */
    Session attached(String sessionId, SocketLink link) {
        Session session = open.get(sessionId);
        return session != null && session.link == link ? session : null;
    }

    /** The open sessions, oldest first (a live view). */
    Collection<Session> open() {
        return open.values();
    }

    long openOf(String accountId) {
        return open.values().stream().filter(s -> s.accountId.equals(accountId)).count();
    }

    void refusedAtLimit(String accountId) {
        limitRefusals.merge(accountId, 1, Integer::sum);
    }

    /** How many requests of {@code accountId} the limit refused; of every account when null. */
    int limitRefusalsOf(String accountId) {
        if (accountId != null) {
            return limitRefusals.getOrDefault(accountId, 0);
        }
        return limitRefusals.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The session no longer counts: it moves to the closed history. */
    void closed(Session session) {
        open.remove(session.id);
        closed.addLast(session);
        while (closed.size() > CLOSED_HISTORY) {
            closed.removeFirst();
        }
    }

    boolean wasClosed(String sessionId) {
        return closed.stream().anyMatch(s -> s.id.equals(sessionId));
    }

    /**
     * Open and remembered closed sessions of one account (all when {@code accountId} is null), newest first; those
     * closed before {@code since} left out (none when it is null). An open session is always there: it counts.
     */
    List<Session> newestFirst(String accountId, Instant since) {
        List<Session> all = new ArrayList<>(open.values());
        for (Session s : closed) {
            if (since == null || !s.closedAt.isBefore(since)) {
                all.add(s);
            }
        }
        all.removeIf(s -> accountId != null && !s.accountId.equals(accountId));
        all.sort(Comparator.comparing((Session s) -> s.openedAt).reversed());
        return all;
    }
}
