package io.odysseyguard.localserver;

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
}
