package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.Draw.alphanumeric;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signaling sockets opened with a session token that is not good for them: missing, empty, garbage, forged, unsigned,
 * expired, another key's, naming another session, or the token of a session already closed. The server accepts the
 * upgrade (101), then sends an error frame and closes with 1008.
 */
final class BadSocketTokens {

    private static final Set<Integer> POLICY_VIOLATION = Set.of(1008);

    private BadSocketTokens() {
    }

    static BadInput badToken(Random random, long seed) {
        int variant = random.nextInt(9);
        String garbage = alphanumeric(random, 20 + random.nextInt(40));
        return new BadInput("ws-bad-token", "token variant " + variant, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            String sessionId = grant.sessionId();
            boolean closedFirst = false;
            String token = switch (variant) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> context.secrets.remember(garbage);
                case 3 -> context.secrets.remember(forgedJwt(sessionId, "HS256"));
                case 4 -> context.secrets.remember(forgedJwt(sessionId, "none"));
                case 5 -> {
                    String expired = context.expiredSessionToken();
                    yield expired != null ? expired : context.secrets.remember(forgedJwt(sessionId, "HS256"));
                }
                case 6 -> context.client.sessionToken(context.foreignAccessToken, context.foreignSession.sessionId());
                case 7 -> {
                    String own = context.sessionToken(sessionId);
                    sessionId = UUID.randomUUID().toString(); // a path the token does not name
                    yield own;
                }
                default -> {
                    String own = context.sessionToken(sessionId);
                    context.release(grant, what); // a closed session's socket
                    closedFirst = true;
                    yield own;
                }
            };
            String query = token == null ? null : URLEncoder.encode(token, StandardCharsets.UTF_8);
            try (RawWebSocket socket = RawWebSocket.open(context.port, FireContext.socketPath(sessionId, query),
                    new Random(seed), context.bound)) {
                if (socket.handshakeStatus() != 101) {
                    context.failures.record(FailureKind.CLIENT_ERROR, "ws-bad-token: handshake " + socket.handshakeStatus());
                } else {
                    context.answers.judgeClose("ws-bad-token", what, socket.awaitEnding(context.bound), POLICY_VIOLATION);
                }
            } finally {
                if (!closedFirst) {
                    context.release(grant, what);
                }
            }
        });
    }

    /** A JWT with the server's claims, signed with a key that is not the server's (or not signed at all). */
    private static String forgedJwt(String sessionId, String algorithm) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"odyssey-local-server\",\"session_id\":\"" + sessionId
                + "\",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        if (algorithm.equals("none")) {
            return header + "." + payload + ".";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("not the server's secret, 32 bytes".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return header + "." + payload + "." + b64.encodeToString(
                    mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
