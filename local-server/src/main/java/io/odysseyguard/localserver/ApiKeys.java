package io.odysseyguard.localserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which API keys the server accepts, and the account each one stands for. The key itself is kept
 * only for the comparison; everything else (sessions, jobs, logs) sees the account id, a hash.
 */
final class ApiKeys {

    /** "Looks like a key": {@code ody_} and at least 8 more characters, no spaces or control characters. */
    private static final Pattern WELL_FORMED = Pattern.compile("ody_[\\x21-\\x7e]{8,}");

    private static final String ACCOUNT_PREFIX = "acct_";
    private static final int FINGERPRINT_LENGTH = 8;

    private final Set<String> accepted;

    ApiKeys(List<String> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    /** Checks a key from {@code POST /auth/token}; returns its account id or throws 422 / 401. */
    String authenticate(String apiKey) {
        if (!WELL_FORMED.matcher(apiKey).matches()) {
            throw ApiException.unprocessable("Malformed API key: expected 'ody_' followed by at least 8 characters");
        }
        if (!accepted.isEmpty() && !accepted.contains(apiKey)) {
            throw ApiException.unauthorized("Invalid API key");
        }
        return accountId(apiKey);
    }

    /** A stable, non-reversible name for the key's account: {@code acct_} and the first 16 hex digits of its SHA-256. */
    static String accountId(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return ACCOUNT_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * What {@code /usage} and the dashboard call a key by: the first 8 hex digits of its SHA-256 (what
     * {@code printf %s "$KEY" | sha256sum | cut -c1-8} prints), enough to tell a handful of keys apart, never the key.
     */
    static String fingerprint(String accountId) {
        return accountId.substring(ACCOUNT_PREFIX.length(), ACCOUNT_PREFIX.length() + FINGERPRINT_LENGTH);
    }
}
