package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Turns a 429 body into the typed usage exception for its code. */
final class UsageErrors {

    private UsageErrors() {
    }

    static OdysseyUsageException from(JsonNode body, Secrets secrets) {
        JsonNode detail = body.path("detail");
        if (!detail.isObject()) {
            // Not the documented envelope; accept the fields at the top level too.
            detail = body.isObject() ? body : Json.object();
        }
        String code = Json.text(detail, "error");
        if (code == null) {
            code = Json.text(detail, "code"); // older servers
        }
        if (code == null) {
            code = "UNKNOWN";
        }
        String message = secrets.redact(orDefault(Json.text(detail, "message"), "usage limit"));
        String action = secrets.redact(Json.text(detail, "action"));
        String actionUrl = Json.text(detail, "action_url");
        Map<String, Object> details = Json.toMap(detail.path("details"));
        return switch (code) {
            case "CONCURRENT_LIMIT_REACHED" -> new ConcurrentLimitReachedException(message, action, actionUrl, details);
            case "MONTHLY_LIMIT_REACHED" -> new MonthlyLimitReachedException(message, action, actionUrl, details);
            case "STREAM_DURATION_EXCEEDED" -> new StreamDurationExceededException(message, action, actionUrl, details);
            case "ACCOUNT_SUSPENDED" -> new AccountSuspendedException(message, action, actionUrl, details);
            case "RATE_LIMITED" -> new RateLimitedException(message, action, actionUrl, details);
            default -> new OdysseyUsageException(code, message, action, actionUrl, details);
        };
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
