package io.odysseyguard.client;

import java.util.Map;

/** 429 {@code CONCURRENT_LIMIT_REACHED}: the account already holds as many sessions as its plan allows. */
public class ConcurrentLimitReachedException extends OdysseyUsageException {

    public ConcurrentLimitReachedException(String message, String action, String actionUrl, Map<String, Object> details) {
        super("CONCURRENT_LIMIT_REACHED", message, action, actionUrl, details);
    }

    /** Sessions the server counts as active for the account (dangling ones included); -1 if not sent. */
    public int activeCount() {
        return (int) detailLong("active_count", -1);
    }

    /** The plan's concurrent session limit; -1 if not sent. */
    public int limit() {
        return (int) detailLong("limit", -1);
    }
}
