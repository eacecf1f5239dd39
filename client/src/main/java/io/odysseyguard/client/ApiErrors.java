package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an error answer of the REST API into the exception a caller can act on: 401, 403 and 422 refuse the
 * credential, 429 is a usage limit ({@link UsageErrors}), any other status is an {@link OdysseyApiException}.
 * The server's own text goes into the message redacted and bounded, because a server may echo what it was sent.
 */
final class ApiErrors {

    private static final int MAX_DETAIL_LENGTH = 300;

    private ApiErrors() {
    }

    /**
     * @param request   the request, as {@code METHOD /path}
     * @param withToken whether it carried the access token (else the API key itself)
     * @param body      the parsed body ({@link Json#parse}), {@code raw} as the server sent it
     */
    static OdysseyApiException from(String request, boolean withToken, int status, JsonNode body, String raw,
                                    Secrets secrets) {
        return switch (status) {
            case 401, 403, 422 -> new OdysseyAuthenticationException(status, request + " refused the "
                    + (withToken ? "access token" : "API key") + " (" + status + "): " + detailText(body, raw, secrets));
            case 429 -> UsageErrors.from(body, secrets);
            default -> new OdysseyApiException(status, request + " answered " + status + ": " + detailText(body, raw, secrets));
        };
    }

    /** The human text of an error body: {@code detail} as text, or {@code detail.message}, redacted and bounded. */
    private static String detailText(JsonNode body, String raw, Secrets secrets) {
        JsonNode detail = body.path("detail");
        String text;
        if (detail.isTextual()) {
            text = detail.asText();
        } else if (detail.isObject() && detail.hasNonNull("message")) {
            text = detail.get("message").asText();
        } else if (body.hasNonNull("message")) {
            text = body.get("message").asText();
        } else {
            text = raw == null ? "" : raw;
        }
        text = secrets.redact(text);
        return text.length() > MAX_DETAIL_LENGTH ? text.substring(0, MAX_DETAIL_LENGTH) + "..." : text;
    }
}
