package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCredentials;

/**
 * One Odyssey session a guarded JVM holds: its credentials (what ends it from another process) and, for people, when
 * and where it was opened and by which generation. The agent carries the client's credentials package relocated, so
 * this needs no client on the class path. {@link #toString()} leaves the token out.
 *
 * @param key         the JVM's own number for the connection holding it, stable while the connection lives
 * @param credentials what ends it
 * @param openedAtMillis when the connection was opened
 * @param owner       the owner generation ({@code app}, {@code RestartClassLoader@1f2e3d})
 * @param site        where it was opened ({@code a.B.c(B.java:1) <- ...})
 */
public record HeldSession(long key, SessionCredentials credentials, long openedAtMillis, String owner, String site) {

    public String sessionId() {
        return credentials.sessionId();
    }

    /** The session id's first 8 characters, as {@code list} shows it. */
    public String shortId() {
        String id = credentials.sessionId();
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    @Override
    public String toString() {
        return "HeldSession[" + shortId() + " opened at " + site + "]";
    }
}
