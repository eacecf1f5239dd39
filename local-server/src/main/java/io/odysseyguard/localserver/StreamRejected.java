package io.odysseyguard.localserver;

/**
 * A stream request that does not fit the session's state (no stream running, one already running): the client
 * gets {@code interactive_stream_error} with this reason, and the session itself is fine.
 */
final class StreamRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    StreamRejected(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
