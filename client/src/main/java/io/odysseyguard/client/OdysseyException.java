package io.odysseyguard.client;

/**
 * Base of every error this client throws. Unchecked, like the official SDK's rejected promises.
 *
 * <p>Messages never contain the API key, the access token or the session token: every text that
 * comes from the server or the JDK is passed through {@link Secrets} before it ends up here.
 */
public class OdysseyException extends RuntimeException {

    public OdysseyException(String message) {
        super(message);
    }

    public OdysseyException(String message, Throwable cause) {
        super(message, cause);
    }
}
