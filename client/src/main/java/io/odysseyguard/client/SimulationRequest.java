package io.odysseyguard.client;

import java.util.List;
import java.util.Objects;

/**
 * A Simulate API job to submit: the script plus the output options.
 *
 * @param script      the steps, in time order; must not be empty
 * @param portrait    portrait (true) or landscape output
 * @param outputVideo whether the service should render a video file of the run
 */
public record SimulationRequest(List<SimulationScriptEntry> script, boolean portrait, boolean outputVideo) {

    public SimulationRequest {
        Objects.requireNonNull(script, "script");
        if (script.isEmpty()) {
            throw new IllegalArgumentException("a simulation script needs at least one entry");
        }
        script = List.copyOf(script);
    }

    /** Portrait output with a video, the SDK's defaults. */
    public static SimulationRequest of(List<SimulationScriptEntry> script) {
        return new SimulationRequest(script, true, true);
    }
}
