package io.odysseyguard.localserver;

import java.util.Map;

/**
 * An HTTP error answered with the real service's body shape: {@code {"detail": "..."}}, or for usage
 * errors {@code {"detail": {"error": CODE, "message", "action", "action_url", "details"}}}.
 */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object detail;

    private ApiException(int status, Object detail) {
        super(detail instanceof String s ? s : "HTTP " + status, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    static ApiException of(int status, String detail) {
        return new ApiException(status, detail);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(401, detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    static ApiException unprocessable(String detail) {
        return new ApiException(422, detail);
    }

    /** A 429 usage error as the SDK's {@code throwIfUsageError} understands it. */
    static ApiException usage(String code, String message, String action, Map<String, Object> details) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("error", code);
        detail.put("message", message);
        detail.put("action", action);
        detail.put("action_url", "https://developer.odyssey.ml/");
        detail.put("details", details);
        return new ApiException(429, detail);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return Map.of("detail", detail);
    }
}
