package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.client.session.SessionCredentials;
import io.odysseyguard.hardstop.HeldSession;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tracked connections hold, and what changed: each connection's sessions as last read, each session under a
 * key of its own (by session id, stable while it is held), and the messages that take the watchdog from what it was
 * told to what is held now. No locks and no threads: its owner serializes the calls.
 *
 * <p>A connection counts as long as its client says it holds a session, tracked or not: a connection being released
 * stays until its close has really returned, and one whose connection the network dropped until its client has ended
 * the session (see {@link CredentialsReader}). Plain loops and hand-written comparisons: this runs on the application's
 * connecting thread, where a lambda's or a record's {@code equals}'s first use costs milliseconds.
 *
 * @param <C> a connection as the tracker hands it over (the agent's {@code TrackedConnection}; a test's stand-in)
 */
final class SessionLedger<C> {
    /** How the ledger reads a connection. */
    interface Source<C> {
        /** The credentials of every session the connection holds now (a reflective call on its client). */
        List<SessionCredentials> credentials(C connection);

        long openedAtMillis(C connection);

        String owner(C connection);

        String site(C connection);
    }

    /** The watchdog's messages that take it from one reading to the next. */
    record Change(List<Long> forget, List<HeldSession> remember) {
        boolean isEmpty() {
            return forget.isEmpty() && remember.isEmpty();
        }
    }

    private final Source<C> source;
    /** Every connection tracked, or no longer tracked but still holding a session, with what it held when last read. */
    private final Map<C, List<HeldSession>> connections = new IdentityHashMap<>();
    /** Each held session's key, by session id. */
    private final Map<String, Long> keys = new HashMap<>();
    private long nextKey = 1;

    SessionLedger(Source<C> source) {
        this.source = source;
    }

    /**
     * What the connections hold now, by key. Only the connections new to the tracker, or gone from it (closed,
     * released, collected), are read; with {@code all}, every one is read again (a renewed token, a lost session, one
     * the service ended).
     *
     * @param tracked the connections tracked right now
     */
    Map<Long, HeldSession> read(Collection<C> tracked, boolean all) {
        Map<C, Boolean> trackedNow = new IdentityHashMap<>();
        for (C c : tracked) {
            trackedNow.put(c, Boolean.TRUE);
            if (!connections.containsKey(c)) {
                connections.put(c, null); // new: read below
            }
        }
        Map<Long, HeldSession> now = new LinkedHashMap<>();
        for (Iterator<Map.Entry<C, List<HeldSession>>> i = connections.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<C, List<HeldSession>> e = i.next();
            boolean stillTracked = trackedNow.containsKey(e.getKey());
            List<HeldSession> sessions = e.getValue();
            if (sessions == null || all || !stillTracked) {
                sessions = sessionsOf(e.getKey());
                // The client lists a session whose close runs among its lost ones, so an untracked connection that
                // holds nothing now holds nothing more (kept longer, every change would read them all again).
                if (sessions.isEmpty() && !stillTracked) {
                    i.remove();
                    continue;
                }
                e.setValue(sessions);
            }
            for (HeldSession s : sessions) {
                now.put(s.key(), s);
            }
        }
        keys.values().retainAll(now.keySet());
        return now;
    }

    private List<HeldSession> sessionsOf(C connection) {
        List<SessionCredentials> credentials = source.credentials(connection);
        if (credentials.isEmpty()) {
            return List.of();
        }
        List<HeldSession> sessions = new ArrayList<>(credentials.size());
        for (SessionCredentials c : credentials) {
            Long key = keys.get(c.sessionId());
            if (key == null) {
                key = nextKey++;
                keys.put(c.sessionId(), key);
            }
            sessions.add(new HeldSession(key, c, source.openedAtMillis(connection), source.owner(connection),
                    source.site(connection)));
        }
        return sessions;
    }

    /** What to tell a watchdog that was told {@code told} so that it knows {@code now}. */
    static Change change(Map<Long, HeldSession> told, Map<Long, HeldSession> now) {
        List<Long> forget = new ArrayList<>();
        for (Long key : told.keySet()) {
            if (!now.containsKey(key)) {
                forget.add(key);
            }
        }
        List<HeldSession> remember = new ArrayList<>();
        for (HeldSession s : now.values()) {
            if (!same(told.get(s.key()), s)) {
                remember.add(s);
            }
        }
        return new Change(forget, remember);
    }

    /** Whether {@code a} and {@code b} hold the same sessions with the same credentials under the same keys. */
    static boolean sameSessions(Map<Long, HeldSession> a, Map<Long, HeldSession> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (HeldSession s : a.values()) {
            if (!same(b.get(s.key()), s)) {
                return false;
            }
        }
        return true;
    }

    /** The same session, token and expiry under the same key (null only equal to null). */
    static boolean same(HeldSession a, HeldSession b) {
        if (a == null || b == null) {
            return a == b;
        }
        SessionCredentials x = a.credentials();
        SessionCredentials y = b.credentials();
        return a.key() == b.key() && x.sessionId().equals(y.sessionId()) && x.sessionToken().equals(y.sessionToken())
                && x.signallingUrl().equals(y.signallingUrl()) && x.expiresAt().equals(y.expiresAt());
    }
}
