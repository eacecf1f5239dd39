package io.odysseyguard.client;

import java.util.Objects;

/**
 * One step of a Simulate API script: at {@code timestampMs} start a stream, interact, or end it.
 * Built through the factories; serialized as {@code {timestamp_ms, start:{prompt, image?}}},
 * {@code {timestamp_ms, interact:{prompt}}} or {@code {timestamp_ms, end:{}}}.
 */
public record SimulationScriptEntry(long timestampMs, Action action, String prompt, String imageBase64) {

    /** What the step does. */
    public enum Action { START, INTERACT, END }

    public SimulationScriptEntry {
        Objects.requireNonNull(action, "action");
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestampMs must not be negative");
        }
        if (action != Action.END && (prompt == null || prompt.isBlank())) {
            throw new IllegalArgumentException(action + " needs a prompt");
        }
    }

    public static SimulationScriptEntry start(long timestampMs, String prompt) {
        return new SimulationScriptEntry(timestampMs, Action.START, prompt, null);
    }

    /** A start with an input image (base64, as the SDK sends it). */
    public static SimulationScriptEntry start(long timestampMs, String prompt, String imageBase64) {
        return new SimulationScriptEntry(timestampMs, Action.START, prompt, imageBase64);
    }

    public static SimulationScriptEntry interact(long timestampMs, String prompt) {
        return new SimulationScriptEntry(timestampMs, Action.INTERACT, prompt, null);
    }

    public static SimulationScriptEntry end(long timestampMs) {
        return new SimulationScriptEntry(timestampMs, Action.END, null, null);
    }
}
