package io.odysseyguard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import io.odysseyguard.client.session.SessionCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Getting a session from the REST API: {@code POST /sessions/request} grants one (while no streamer is free the
 * server answers 503 and the request waits in the queue), {@code POST /sessions/token} issues the short-lived token
 * that opens its signaling socket.
 */
final class SessionRequests {

    /** Logged as the REST API, like the rest of its calls. */
    private static final System.Logger LOG = System.getLogger(OdysseyApi.class.getName());
    private static final Duration QUEUE_POLL_INTERVAL = Duration.ofSeconds(1);
    /** The service's documented default lifetime of a session token. */
    private static final long DEFAULT_TOKEN_SECONDS = 600;

    /** The answer to {@code POST /sessions/request}: the session and where its signaling socket is. */
    record SessionGrant(String sessionId, String signallingUrl, String region) {
    }

    private final OdysseyApi api;
    private final Secrets secrets;

    SessionRequests(OdysseyApi api, Secrets secrets) {
        this.api = api;
        this.secrets = secrets;
    }

    /**
     * {@code POST /sessions/request}, waiting in the queue while the server answers 503: polls once
     * a second until {@code queueTimeout}, or until {@code cancelled} says the caller gave up.
     */
    SessionGrant request(Map<String, Long> regionLatencies, Duration queueTimeout, BooleanSupplier cancelled) {
        ObjectNode body = Json.object();
        if (!regionLatencies.isEmpty()) {
            ObjectNode latencies = body.putObject("region_latencies");
            regionLatencies.forEach(latencies::put);
        }
        long deadline = System.nanoTime() + queueTimeout.toNanos();
        while (true) {
            try {
                JsonNode answer = api.post("/sessions/request", body);
                String sessionId = Json.text(answer, "session_id");
                String signallingUrl = Json.text(answer, "signalling_url");
                if (sessionId == null || signallingUrl == null) {
                    throw new OdysseyException("POST /sessions/request answered without session_id or signalling_url");
                }
                return new SessionGrant(sessionId, signallingUrl, Json.text(answer, "region"));
            } catch (OdysseyApiException e) {
                if (e.statusCode() != 503) {
                    throw e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new QueueTimeoutException(queueTimeout);
                }
                LOG.log(System.Logger.Level.DEBUG, "no streamer free yet (503); waiting in the queue");
                sleep(Math.min(left, QUEUE_POLL_INTERVAL.toNanos()));
            }
            if (cancelled.getAsBoolean()) {
                throw new OdysseyException("connect() was abandoned: disconnect() was called while waiting in the queue");
            }
        }
    }

    /** The granted session's credentials: its id and signalling URL with a fresh session token. */
    SessionCredentials credentials(SessionGrant grant) {
        return token(new SessionCredentials(grant.sessionId(), grant.signallingUrl(), "-", Instant.EPOCH));
    }

    /**
     * {@code POST /sessions/token}: {@code session} with a fresh short-lived token, the one that opens its signaling
     * socket; it expires after the answer's {@code expires_in} (600 s when absent, the service's default).
     */
    SessionCredentials token(SessionCredentials session) {
        String sessionId = session.sessionId();
        Instant requestedAt = Instant.now();
        JsonNode answer = api.post("/sessions/token", Json.object().put("session_id", sessionId));
        String token = Json.text(answer, "session_token");
        if (token == null) {
            throw new OdysseyException("POST /sessions/token answered without a session_token");
        }
        secrets.add(token);
        String claimed = sessionIdClaim(token);
        if (!sessionId.equals(claimed)) {
            throw new OdysseyException("the session token was issued for another session than " + sessionId);
        }
        JsonNode expiresIn = answer.get("expires_in");
        long seconds = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() : DEFAULT_TOKEN_SECONDS;
        return session.withToken(token, requestedAt.plusSeconds(seconds));
    }

    /**
     * Reads the {@code session_id} claim from the session token's JWT payload, as the official SDK
     * does; a token that is not such a JWT is refused like the SDK refuses it.
     */
    private static String sessionIdClaim(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new OdysseyException("the session token is not a JWT");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode claims = Json.parse(new String(payload, StandardCharsets.UTF_8));
            String claimed = Json.text(claims, "session_id");
            if (claimed == null) {
                throw new OdysseyException("the session token carries no session_id claim");
            }
            return claimed;
        } catch (IllegalArgumentException e) {
            throw new OdysseyException("the session token's payload is not base64url");
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdysseyException("interrupted while waiting in the queue");
        }
    }
}
