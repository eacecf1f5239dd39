package io.odysseyguard.client;

/**
 * Receives what happens on the signaling connection. Every method has an empty default, so
 * implement only what you need.
 *
 * <p>Threading: callbacks run on the JDK HttpClient's threads (the socket's reader), except
 * {@link #onConnected} and a client-initiated {@link #onDisconnected}, which run on the thread that
 * called {@code connect()} or {@code disconnect()}. Return quickly and do not call blocking client
 * methods ({@code startStream}, {@code interact}, {@code endStream}) from a callback: their replies
 * arrive on the very thread the callback holds. An exception thrown by a callback is logged and
 * otherwise ignored.
 */
public interface OdysseyListener {

    /** The signaling socket is open; the session is usable. */
    default void onConnected(String sessionId) {
    }

    /** The server confirmed {@code interactive_stream_start}. */
    default void onStreamStarted(String streamId) {
    }

    /** The server acknowledged an interaction ({@code update_acknowledged}). */
    default void onInteractAcknowledged(String prompt) {
    }

    /** The stream ended, on request or because the server ended it. */
    default void onStreamEnded() {
    }

    /** {@code interactive_stream_error}, e.g. reason {@code session_timeout}; the stream is over. */
    default void onStreamError(String reason, String message) {
    }

    /** A fatal {@code error} from the server; the server normally closes the connection next. */
    default void onError(String reason) {
    }

    /**
     * The connection is gone. {@code byServer} is false after {@code disconnect()}/{@code close()},
     * true when the server closed it or the network failed. After {@code disconnect()} the code is 1000 when the
     * server answered the close, 1006 when it did not (the connection was lost; the client ends the session from its
     * credentials).
     */
    default void onDisconnected(int closeCode, String reason, boolean byServer) {
    }
}
