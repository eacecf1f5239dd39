package io.odysseyguard.client;

import java.util.Map;

/** 429 {@code STREAM_DURATION_EXCEEDED}: a stream ran longer than the plan allows. */
public class StreamDurationExceededException extends OdysseyUsageException {

    public StreamDurationExceededException(String message, String action, String actionUrl, Map<String, Object> details) {
        super("STREAM_DURATION_EXCEEDED", message, action, actionUrl, details);
    }

    /** The longest stream the plan allows, in seconds; -1 if not sent. */
    public long maxDurationSeconds() {
        return detailLong("max_duration_seconds", -1);
    }
}
