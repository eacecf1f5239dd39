package io.odysseyguard.client;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Holds the access token from {@code POST /auth/token} and hands it out again until it is near its
 * expiry, so connecting twice (or connect plus a Simulate call) costs one token exchange.
 * "Near" is the smaller of 60 s and a tenth of the token's lifetime.
 */
final class AccessTokenCache {

    /** A token and its lifetime as the server stated it. */
    record Token(String value, Duration expiresIn) {
        @Override
        public String toString() {
            return "Token[expiresIn=" + expiresIn + "]";
        }
    }

    private String value;
    private long refreshAtNanos;

    synchronized String get(Supplier<Token> fetch) {
        if (value != null && System.nanoTime() - refreshAtNanos < 0) {
            return value;
        }
        Token fresh = fetch.get();
        long lifetime = Math.max(0, fresh.expiresIn().toNanos());
        long margin = Math.min(Duration.ofSeconds(60).toNanos(), lifetime / 10);
        value = fresh.value();
        refreshAtNanos = System.nanoTime() + lifetime - margin;
        return value;
    }

    /** Forgets {@code token} if it is the cached one (the server refused it with 401). */
    synchronized void invalidate(String token) {
        if (token != null && token.equals(value)) {
            value = null;
        }
    }
}
