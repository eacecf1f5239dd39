package io.odysseyguard.client.session;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * What identifies one Odyssey session on the wire, and all that is needed to end it: its id, its signalling URL and
 * the short-lived session token that opens its socket (with the token's expiry). Like the official SDK's
 * {@code createClientCredentials()}. The token is a secret: {@link #toString()} leaves it out.
 *
 * <p>This package uses the JDK only: the Odyssey Guard agent carries it (relocated) into its watchdog process and its
 * command, which close a session from its credentials without the client on their class path.
 */
public record SessionCredentials(String sessionId, String signallingUrl, String sessionToken, Instant expiresAt) {

    public SessionCredentials {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(signallingUrl, "signallingUrl");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when the token is no longer valid at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same session with a fresh token. */
    public SessionCredentials withToken(String token, Instant tokenExpiresAt) {
        return new SessionCredentials(sessionId, signallingUrl, token, tokenExpiresAt);
    }

    /**
     * The signaling socket's address, {@code <signalling_url>/client/<session_id>?token=<session_token>} with http(s)
     * turned into ws(s). It carries the token: never log it.
     */
    public URI socketUri() {
        String base = signallingUrl;
        if (base.startsWith("https://")) {
            base = "wss://" + base.substring("https://".length());
        } else if (base.startsWith("http://")) {
            base = "ws://" + base.substring("http://".length());
        }
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/client/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)
                + "?token=" + URLEncoder.encode(sessionToken, StandardCharsets.UTF_8));
    }

    /** The session and its token's expiry; never the token. */
    @Override
    public String toString() {
        return "SessionCredentials[sessionId=" + sessionId + ", signallingUrl=" + signallingUrl
                + ", sessionToken=(hidden), expiresAt=" + expiresAt + "]";
    }
}
