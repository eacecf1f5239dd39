package io.odysseyguard.client;

import java.util.Locale;

/** Life cycle of a Simulate API job, as {@code GET /simulation-jobs/{id}} reports it. */
public enum SimulationStatus {
    PENDING, DISPATCHED, PROCESSING, COMPLETED, FAILED, CANCELLED,
    /** A status this client version does not know; the raw text is in {@link SimulationJob#fields()}. */
    UNKNOWN;

    static SimulationStatus parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT);
        if (normalized.equals("CANCELED")) {
            return CANCELLED;
        }
        for (SimulationStatus status : values()) {
            if (status.name().equals(normalized)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** True once the job will not change any more. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
