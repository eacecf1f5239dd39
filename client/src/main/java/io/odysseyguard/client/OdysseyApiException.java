package io.odysseyguard.client;

/** The Odyssey REST API answered with an HTTP status this client does not treat more specifically. */
public class OdysseyApiException extends OdysseyException {

    private final int statusCode;

    public OdysseyApiException(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    /** The HTTP status the server answered with. */
    public int statusCode() {
        return statusCode;
    }
}
