package io.odysseyguard.localserver;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The opaque bearer tokens {@code POST /auth/token} hands out, each standing for one account.
 * Clients never look inside them, so a random string mapped to its account is all it takes.
 */
final class AccessTokens {

    /** What {@code expires_in} says; the SDK refreshes a little before. */
    static final Duration TTL = Duration.ofHours(1);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    private record Grant(String accountId, Instant expiresAt) {
    }

    String issue(String accountId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "odyat_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(accountId, Instant.now().plus(TTL)));
        return token;
    }

    /** The account of a {@code Authorization} header's value, or 401. */
    String accountOf(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ApiException.unauthorized("Not authenticated");
        }
        String[] parts = authorizationHeader.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw ApiException.unauthorized("Authorization header must be 'Bearer <access_token>'");
        }
        Grant grant = grants.get(parts[1]);
        if (grant == null || grant.expiresAt().isBefore(Instant.now())) {
            throw ApiException.unauthorized("Invalid or expired access token");
        }
        return grant.accountId();
    }

    /** Drops expired grants so a long-running server does not accumulate them. */
    void prune() {
        Instant now = Instant.now();
        grants.values().removeIf(grant -> grant.expiresAt().isBefore(now));
    }
}
