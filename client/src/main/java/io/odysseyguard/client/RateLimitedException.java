package io.odysseyguard.client;

import java.time.Duration;
import java.util.Map;

/** 429 {@code RATE_LIMITED}: too many requests; try again after {@link #retryAfter()}. */
public class RateLimitedException extends OdysseyUsageException {

    public RateLimitedException(String message, String action, String actionUrl, Map<String, Object> details) {
        super("RATE_LIMITED", message, action, actionUrl, details);
    }

    /** How long to wait before retrying; {@link Duration#ZERO} if the server did not say. */
    public Duration retryAfter() {
        Object value = details().get("retry_after_seconds");
        if (value instanceof Number n) {
            return Duration.ofMillis(Math.max(0, Math.round(n.doubleValue() * 1000)));
        }
        return Duration.ZERO;
    }
}
