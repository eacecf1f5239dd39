package io.odysseyguard.localserver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry's handle on one signaling socket: it can send a message and close the socket, and
 * nothing else. Keeps session accounting free of the web server's types.
 */
interface SocketLink {

    /** Sends one JSON text frame; a failure (socket already gone) is ignored. */
    void send(Map<String, ?> message);

    /** Closes the socket with this code and reason; a no-op on a socket already closed. */
    void close(int code, String reason);

    /** The protocol's {@code interactive_stream_error}: a stream request that does not fit, or a stream the server ended. */
    default void sendStreamError(String reason, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "interactive_stream_error");
        error.put("reason", reason);
        error.put("message", message);
        send(error);
    }
}
