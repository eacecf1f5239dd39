package io.odysseyguard.client;

import java.util.Map;

/** 429 {@code MONTHLY_LIMIT_REACHED}: the plan's streaming hours for this month are used up. */
public class MonthlyLimitReachedException extends OdysseyUsageException {

    public MonthlyLimitReachedException(String message, String action, String actionUrl, Map<String, Object> details) {
        super("MONTHLY_LIMIT_REACHED", message, action, actionUrl, details);
    }

    /** Hours used this month; NaN if not sent. */
    public double usedHours() {
        return details().get("used_hours") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Hours the plan allows per month; NaN if not sent. */
    public double limitHours() {
        return details().get("limit_hours") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** When the allowance resets, as the server wrote it; may be null. */
    public String resetDate() {
        return detailString("reset_date");
    }
}
