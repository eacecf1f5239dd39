package io.odysseyguard.benchmarks.fire;

import java.util.List;
import java.util.UUID;

/**
 * A POST endpoint of the REST API and a valid body for it: the real request shapes of the protocol, from which the
 * bad requests are made (so each is wrong in one way only).
 */
record PostEndpoint(String path, boolean authorized, String validBody) {

    static final String REQUEST_BODY = "{\"region_latencies\":{\"local\":12}}";
    static final String SIMULATION_BODY = "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"a cat\"}},"
            + "{\"timestamp_ms\":1000,\"end\":{}}],\"portrait\":true}";

    static final PostEndpoint AUTH_TOKEN = new PostEndpoint("/auth/token", false,
            "{\"api_key\":\"" + FireContext.FUZZ_KEY + "\"}");
    static final PostEndpoint SESSION_REQUEST = new PostEndpoint("/sessions/request", true, REQUEST_BODY);
    static final PostEndpoint SESSION_TOKEN = new PostEndpoint("/sessions/token", true,
            "{\"session_id\":\"" + UUID.nameUUIDFromBytes(new byte[] {1}) + "\"}");
    static final PostEndpoint SIMULATION_JOBS = new PostEndpoint("/simulation-jobs", true, SIMULATION_BODY);

    /** In this order: a draw by index picks the same endpoint for the same seed. */
    static final List<PostEndpoint> ALL = List.of(AUTH_TOKEN, SESSION_REQUEST, SESSION_TOKEN, SIMULATION_JOBS);

    /** The fuzzing key's bearer token where the endpoint needs one, so only the body is wrong. */
    String authorization(FireContext context) {
        return authorized ? "Bearer " + context.accessToken : null;
    }
}
