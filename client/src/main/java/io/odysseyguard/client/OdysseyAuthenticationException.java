package io.odysseyguard.client;

/**
 * The API key was refused: 401 (invalid key), 403 (access denied) or 422 (malformed key).
 * The message carries the server's {@code detail} with any secret redacted.
 */
public class OdysseyAuthenticationException extends OdysseyApiException {

    public OdysseyAuthenticationException(int statusCode, String message) {
        super(statusCode, message);
    }
}
