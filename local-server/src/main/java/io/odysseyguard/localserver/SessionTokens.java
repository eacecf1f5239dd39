package io.odysseyguard.localserver;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Session tokens: HS256 JWTs with a {@code session_id} claim (the official SDK reads that claim back),
 * signed with a secret that exists only in this server's memory, so a token never outlives its server.
 *
 * <p>A token opens its socket for at least its lifetime: the JWT states its expiry in whole seconds and is checked
 * against the clock truncated to seconds, so it is accepted for up to a second longer, never shorter, than the
 * {@code expires_in} a client is told.
 */
final class SessionTokens {

    private static final String ISSUER = "odyssey-local-server";
    private static final String SESSION_ID = "session_id";

    private final Duration ttl;
    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    /** Tokens that live {@code ttl} (the server's {@code --session-token-ttl}). */
    SessionTokens(Duration ttl) {
        this.ttl = ttl;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).withClaimPresence(SESSION_ID).build();
    }

    /** How long a token lives: the {@code expires_in} of {@code POST /sessions/token}. */
    Duration ttl() {
        return ttl;
    }

    String issue(String sessionId) {
        Instant now = Instant.now();
        return JWT.create()
                .withIssuer(ISSUER)
                .withJWTId(UUID.randomUUID().toString())
                .withClaim(SESSION_ID, sessionId)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .sign(algorithm);
    }

    /**
     * Checks signature, expiry and that the token is for this session.
     *
     * @throws InvalidTokenException with a reason fit for an {@code error} frame (never the token itself)
     */
    void verify(String token, String sessionId) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing session token");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("session token expired");
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("invalid session token");
        }
        if (!sessionId.equals(jwt.getClaim(SESSION_ID).asString())) {
            throw new InvalidTokenException("session token is for another session");
        }
    }

    static final class InvalidTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidTokenException(String reason) {
            super(reason, null, false, false);
        }
    }
}
