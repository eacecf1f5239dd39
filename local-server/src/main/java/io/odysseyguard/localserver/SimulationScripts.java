package io.odysseyguard.localserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripts of a {@code POST /simulation-jobs} body, checked as the real API checks them (a 422 that names the
 * entry), and reduced to what the stand-in needs of each: how long it runs, its last {@code timestamp_ms}.
 */
final class SimulationScripts {

    private SimulationScripts() {
    }

    /** One duration per script: {@code script} (one), {@code scripts} (a batch); {@code script_url} is not fetched. */
    static List<Duration> durations(JsonNode body) {
        JsonNode script = body.get("script");
        JsonNode scripts = body.get("scripts");
        JsonNode scriptUrl = body.get("script_url");
        int given = (present(script) ? 1 : 0) + (present(scripts) ? 1 : 0) + (present(scriptUrl) ? 1 : 0);
        if (given != 1) {
            throw ApiException.unprocessable("Exactly one of script, scripts or script_url is required");
        }
        if (present(scriptUrl)) {
            throw ApiException.unprocessable("script_url is not supported by the local server; send the script inline");
        }
        if (present(script)) {
            return List.of(duration(script, "script"));
        }
        if (!scripts.isArray() || scripts.isEmpty()) {
            throw ApiException.unprocessable("scripts must be a non-empty array of scripts");
        }
        List<Duration> durations = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            durations.add(duration(scripts.get(i), "scripts[" + i + "]"));
        }
        return durations;
    }

    private static Duration duration(JsonNode script, String where) {
        if (!script.isArray() || script.isEmpty()) {
            throw ApiException.unprocessable(where + " must be a non-empty array of entries");
        }
        long lastMillis = 0;
        boolean started = false;
        for (int i = 0; i < script.size(); i++) {
            JsonNode entry = script.get(i);
            String at = where + "[" + i + "]";
            if (!entry.isObject()) {
                throw ApiException.unprocessable(at + " must be an object");
            }
            JsonNode timestamp = entry.get("timestamp_ms");
            if (timestamp == null || !timestamp.canConvertToLong() || !timestamp.isIntegralNumber() || timestamp.asLong() < 0) {
                throw ApiException.unprocessable(at + ".timestamp_ms must be a non-negative integer");
            }
            int actions = 0;
            for (String action : new String[] {"start", "interact", "end"}) {
                JsonNode value = entry.get(action);
                if (!present(value)) {
                    continue;
                }
                actions++;
                if (!value.isObject()) {
                    throw ApiException.unprocessable(at + "." + action + " must be an object");
                }
                if (!action.equals("end")) {
                    JsonNode prompt = value.get("prompt");
                    if (prompt == null || !prompt.isTextual()) {
                        throw ApiException.unprocessable(at + "." + action + ".prompt must be a string");
                    }
                }
                started |= action.equals("start");
            }
            if (actions != 1) {
                throw ApiException.unprocessable(at + " must have exactly one of start, interact or end");
            }
            lastMillis = Math.max(lastMillis, timestamp.asLong());
        }
        if (!started) {
            throw ApiException.unprocessable(where + " must contain a start entry");
        }
        return Duration.ofMillis(lastMillis);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
