package io.odysseyguard.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A 429 usage error. The server's body is
 * {@code {"detail": {"error": CODE, "message", "action", "action_url", "details": {...}}}}
 * (older servers send {@code code} instead of {@code error}). Each known code has its own subclass;
 * an unknown code arrives as this class itself.
 */
public class OdysseyUsageException extends OdysseyApiException {

    private final String code;
    private final String action;
    private final String actionUrl;
    private final Map<String, Object> details;

    public OdysseyUsageException(String code, String message, String action, String actionUrl, Map<String, Object> details) {
        super(429, code + ": " + message);
        this.code = code;
        this.action = action;
        this.actionUrl = actionUrl;
        // Not Map.copyOf: servers send JSON nulls (e.g. an unknown reset_date), which it rejects.
        this.details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The usage code, e.g. {@code CONCURRENT_LIMIT_REACHED}. */
    public String code() {
        return code;
    }

    /** What the user should do, as the server words it; may be null. */
    public String action() {
        return action;
    }

    /** Where the user can do it; may be null. */
    public String actionUrl() {
        return actionUrl;
    }

    /** The code-specific {@code details} object (numbers as {@link Number}, texts as {@link String}). */
    public Map<String, Object> details() {
        return details;
    }

    long detailLong(String key, long fallback) {
        Object value = details.get(key);
        return value instanceof Number n ? n.longValue() : fallback;
    }

    String detailString(String key) {
        Object value = details.get(key);
        return value == null ? null : value.toString();
    }
}
