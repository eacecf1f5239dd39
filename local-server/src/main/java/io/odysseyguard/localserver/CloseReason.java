package io.odysseyguard.localserver;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a session was closed, and the WebSocket close code the server uses when it closes the socket
 * itself for that reason. The protocol notes name no codes; the 4xxx range is the one RFC 6455 leaves
 * to applications, so a client can tell a server-side time-out from a normal close.
 */
public enum CloseReason {
    CLIENT_DISCONNECT(1000),
    HEARTBEAT_TIMEOUT(4001),
    CONNECT_TIMEOUT(4002),
    IDLE_TIMEOUT(4003),
    STREAM_LIMIT(4004),
    CONNECTION_LIMIT(4005);

    private final int closeCode;

    CloseReason(int closeCode) {
        this.closeCode = closeCode;
    }

    /** The WebSocket close code sent when the server closes a socket for this reason. */
    public int closeCode() {
        return closeCode;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
