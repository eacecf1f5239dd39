package io.odysseyguard.localserver;

import java.time.Instant;

/** One session's mutable state. Every field is guarded by the owning {@link SessionRegistry}'s lock. */
final class Session {

    final String id;
    final String accountId;
    final String streamerId;
    final Instant openedAt;

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

    Session(String id, String accountId, String streamerId, Instant openedAt) {
        this.id = id;
        this.accountId = accountId;
        this.streamerId = streamerId;
        this.openedAt = openedAt;
        this.lastActivity = openedAt;
    }

    Usage.SessionInfo info() {
        return new Usage.SessionInfo(id, state, closeReason, openedAt, closedAt);
    }
}
