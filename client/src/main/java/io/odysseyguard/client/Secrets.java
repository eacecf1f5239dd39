package io.odysseyguard.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets one client knows (API key, access tokens, session tokens) and the one place that
 * strips them from any text or exception that could reach a message, a log line or a stack trace.
 *
 * <p>Server texts are redacted because a server may echo what it was sent (a 422 for a malformed
 * key); JDK exceptions are redacted because the WebSocket URL carries the session token.
 */
final class Secrets {

    static final String MASK = "[redacted]";

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    void add(String secret) {
        // Very short values would mask ordinary words; real keys and tokens are long.
        if (secret == null || secret.length() < 6) {
            return;
        }
        values.add(secret);
        values.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : values) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    private boolean containsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String secret : values) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns {@code error} itself when no message in its cause chain holds a secret; otherwise a
     * copy of the chain whose messages are redacted (same stack traces, class names kept in the text).
     */
    Throwable scrub(Throwable error) {
        if (error == null || isClean(error, 0)) {
            return error;
        }
        return copyRedacted(error, 0);
    }

    private boolean isClean(Throwable error, int depth) {
        if (error == null || depth > 16) {
            return true;
        }
        return !containsSecret(error.getMessage()) && !containsSecret(error.toString())
                && isClean(error.getCause(), depth + 1);
    }

    private Throwable copyRedacted(Throwable error, int depth) {
        Throwable cause = error.getCause() == null || depth > 16 ? null : copyRedacted(error.getCause(), depth + 1);
        RedactedException copy = new RedactedException(
                error.getClass().getName() + ": " + redact(String.valueOf(error.getMessage())), cause);
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** Stands in for a JDK exception whose message held a secret. */
    static final class RedactedException extends RuntimeException {
        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
