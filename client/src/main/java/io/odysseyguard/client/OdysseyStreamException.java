package io.odysseyguard.client;

/**
 * A stream operation failed: the server sent {@code interactive_stream_error} or {@code error}, the
 * expected reply did not arrive in time, or the connection closed while waiting.
 */
public class OdysseyStreamException extends OdysseyException {

    private final String reason;

    public OdysseyStreamException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The server's reason code (e.g. {@code session_timeout}), or a client-side one such as {@code timeout} or {@code disconnected}. */
    public String reason() {
        return reason;
    }
}
