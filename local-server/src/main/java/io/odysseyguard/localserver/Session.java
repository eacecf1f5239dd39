package io.odysseyguard.localserver;

import java.time.Instant;

/**
 * One session's mutable state and its transitions; {@link SessionRegistry} decides when they happen. Every field is
 * guarded by the registry's lock.
 */
final class Session {

    final String id;
    final String accountId;
    final String streamerId;
    final Instant openedAt;
    /** Who holds it, as the client named itself (its {@code User-Agent}, made printable); null when it did not say. */
    final String client;

    SessionState state = SessionState.REQUESTED;
    CloseReason closeReason;
    Instant closedAt;

    /** The socket attached now; null unless {@link SessionState#CONNECTED}. */
    SocketLink link;
    /** First socket open: the connection limit runs from here, across reconnects. */
    Instant connectedAt;
    /** Last message of any kind (or the socket's opening): the heartbeat runs from here. */
    Instant lastActivity;
    /** Since when the session has been connected without a stream: the idle timeout runs from here. */
    Instant idleSince;

    String streamId;
    Instant streamStartedAt;

    Session(String id, String accountId, String streamerId, Instant openedAt, String client) {
        this.id = id;
        this.accountId = accountId;
        this.streamerId = streamerId;
        this.openedAt = openedAt;
        this.client = client;
        this.lastActivity = openedAt;
    }

    /** A socket is attached: the heartbeat and idle clocks start now, the connection limit's only the first time. */
    void connected(SocketLink socket, Instant now) {
        state = SessionState.CONNECTED;
        link = socket;
        lastActivity = now;
        idleSince = now;
        if (connectedAt == null) {
            connectedAt = now;
        }
    }

    /** The socket ended without a graceful close: the slot stays taken, as the client may come back. */
    void dangling() {
        state = SessionState.DANGLING;
        link = null;
        idleSince = null;
    }

    void closed(CloseReason reason, Instant now) {
        state = SessionState.CLOSED;
        closeReason = reason;
        closedAt = now;
        link = null;
    }

    Usage.SessionInfo info() {
        return new Usage.SessionInfo(id, ApiKeys.fingerprint(accountId), state, closeReason, openedAt, closedAt, client);
    }
}
