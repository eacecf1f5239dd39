package io.odysseyguard.localserver;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a session is in its life; see {@link SessionRegistry} for the transitions. */
public enum SessionState {
    /** {@code POST /sessions/request} answered; the signaling socket has not opened yet. */
    REQUESTED,
    /** A signaling socket is open. */
    CONNECTED,
    /** The socket ended without a graceful close; the session still counts until its heartbeat times out. */
    DANGLING,
    /** Released; no longer counts. */
    CLOSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Open sessions count against the concurrent limit. */
    public boolean isOpen() {
        return this != CLOSED;
    }
}
