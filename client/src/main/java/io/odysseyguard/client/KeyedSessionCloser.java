package io.odysseyguard.client;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.client.session.SessionCredentials;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

/**
 * {@link SessionCloser} with this client's API key at hand: a session token that has expired, or would before the
 * close is done, is first renewed through {@code POST /sessions/token} (authorized by the client's access token, which
 * its key gets); so is one the service refuses as expired although the client's clock still thought it valid. The
 * key stays where it was (the client's {@link OdysseyApi}); the renewed token lives only in the credentials passed to
 * the closer.
 */
final class KeyedSessionCloser {

    /** The socket's part of a close, as long as a client's own graceful close ({@link SignalingSession#CLOSE_BUDGET}). */
    static final Duration CLOSE_BUDGET = SignalingSession.CLOSE_BUDGET;

    private final SessionRequests sessions;
    private final SessionCloser closer;
    private final Secrets secrets;

    KeyedSessionCloser(SessionRequests sessions, HttpClient http, Secrets secrets) {
        this.sessions = sessions;
        this.closer = new SessionCloser(http);
        this.secrets = secrets;
    }

    /** See {@link OdysseyClient#closeSession(SessionCredentials)}. Never throws. */
    SessionCloser.Result close(SessionCredentials credentials) {
        try {
            boolean renewed = false;
            SessionCredentials usable = credentials;
            if (credentials.isExpiredAt(Instant.now().plus(CLOSE_BUDGET))) {
                Renewal renewal = renew(credentials);
                if (renewal.failure() != null) {
                    return renewal.failure();
                }
                usable = renewal.credentials();
                renewed = true;
            }
            SessionCloser.Result result = closer.close(usable, CLOSE_BUDGET);
            if (!renewed && isTokenExpired(result)) {
                Renewal renewal = renew(credentials);
                if (renewal.failure() != null) {
                    return renewal.failure();
                }
                result = closer.close(renewal.credentials(), CLOSE_BUDGET);
            }
            return new SessionCloser.Result(result.status(), secrets.redact(result.detail()));
        } catch (RuntimeException e) {
            return new SessionCloser.Result(SessionCloser.Status.UNREACHABLE, e.getClass().getSimpleName());
        }
    }

    /**
     * One close within {@code budget}, with the token as it is (an expired one is refused): what a {@code disconnect()}
     * can afford on its caller's thread. Never throws.
     */
    SessionCloser.Result closeOnce(SessionCredentials credentials, Duration budget) {
        try {
            SessionCloser.Result result = closer.close(credentials, budget);
            return new SessionCloser.Result(result.status(), secrets.redact(result.detail()));
        } catch (RuntimeException e) {
            return new SessionCloser.Result(SessionCloser.Status.UNREACHABLE, e.getClass().getSimpleName());
        }
    }

    /** The service's reason when the token it was shown has expired ("session token expired" on the local server). */
    private static boolean isTokenExpired(SessionCloser.Result result) {
        return result.status() == SessionCloser.Status.REFUSED && result.detail() != null
                && result.detail().contains("expired");
    }

    private record Renewal(SessionCredentials credentials, SessionCloser.Result failure) {
    }

    /**
     * One {@code POST /sessions/token}. An answer in 4xx (404: the session is closed, unknown or another key's; 401/403:
     * the key is refused) is the service refusing; no answer, or a 5xx, is the service out of reach.
     */
    private Renewal renew(SessionCredentials credentials) {
        try {
            return new Renewal(sessions.token(credentials), null);
        } catch (OdysseyApiException e) {
            SessionCloser.Status status = e.statusCode() >= 400 && e.statusCode() < 500
                    ? SessionCloser.Status.REFUSED : SessionCloser.Status.UNREACHABLE;
            return new Renewal(null, new SessionCloser.Result(status,
                    "the session token has expired and POST /sessions/token answered HTTP " + e.statusCode()));
        } catch (OdysseyException e) {
            // Its message is free of secrets (see Secrets); redacted once more all the same.
            return new Renewal(null, new SessionCloser.Result(SessionCloser.Status.UNREACHABLE,
                    "the session token has expired and renewing it failed: " + secrets.redact(e.getMessage())));
        } catch (RuntimeException e) {
            return new Renewal(null, new SessionCloser.Result(SessionCloser.Status.UNREACHABLE,
                    "the session token has expired and renewing it failed: " + e.getClass().getSimpleName()));
        }
    }
}
