package io.odysseyguard.client;

import java.util.Map;

/** 429 {@code ACCOUNT_SUSPENDED}. */
public class AccountSuspendedException extends OdysseyUsageException {

    public AccountSuspendedException(String message, String action, String actionUrl, Map<String, Object> details) {
        super("ACCOUNT_SUSPENDED", message, action, actionUrl, details);
    }

    /** Why, as the server words it; may be null. */
    public String reason() {
        return detailString("reason");
    }
}
