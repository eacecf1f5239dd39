package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.Draw.alphanumeric;
import static io.odysseyguard.benchmarks.fire.Draw.oneOf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Well-formed requests with the wrong credentials: API keys malformed (422) or unknown (401), bearer tokens missing,
 * garbled or of the wrong kind (401), and another key's session or ids that do not exist (404). Every key and token
 * made up here goes to the {@link SecretWatch} first: an error body must not echo it.
 */
final class BadCredentials {

    private BadCredentials() {
    }

    // ---- API keys: 422 malformed, 401 unknown ------------------------------------------------

    static BadInput badKey(Random random) {
        if (random.nextBoolean()) {
            String key = "ody_fire_" + alphanumeric(random, 12 + random.nextInt(20));
            return new BadInput("bad-key", "a well-formed key the server does not know", (context, what) -> {
                context.secrets.remember(key);
                JudgedRequest.send(context, "bad-key", what, authTokenRequest(key), Set.of(401));
            });
        }
        String key = oneOf(random, List.of("", "ody_", "ody_short", "sk-" + alphanumeric(random, 20),
                alphanumeric(random, 24), "ody_has space in it", "ody_\\u0000\\u0001\\u0002xyzw",
                "ody_\\u00e9\\u00e8\\u00ea\\u00eb\\u00ef\\u00ee", "ODY_" + alphanumeric(random, 12),
                " ody_" + alphanumeric(random, 12), "ody_" + alphanumeric(random, 12) + "\\n",
                "ody_" + "x".repeat(20_000 + random.nextInt(20_000)) + " "));
        String shown = key.length() > 40 ? "a key of " + key.length() + " characters" : "malformed key";
        return new BadInput("bad-key", shown, (context, what) -> {
            context.secrets.remember(key);
            JudgedRequest.send(context, "bad-key", what, authTokenRequest(key), Set.of(422));
        });
    }

    private static byte[] authTokenRequest(String key) {
        return RequestBytes.complete("POST", "/auth/token", null, "application/json",
                ("{\"api_key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    // ---- bearer tokens: 401 -------------------------------------------------------------------

    static BadInput badBearer(Random random) {
        int variant = random.nextInt(9);
        String garbage = alphanumeric(random, 16 + random.nextInt(48));
        String[] target = oneOf(random, List.of(
                new String[] {"GET", "/regions", null},
                new String[] {"POST", "/sessions/request", PostEndpoint.REQUEST_BODY},
                new String[] {"POST", "/sessions/token", "{\"session_id\":\"x\"}"},
                new String[] {"GET", "/simulation-jobs", null},
                new String[] {"POST", "/simulation-jobs", PostEndpoint.SIMULATION_BODY},
                new String[] {"GET", "/recordings/" + UUID.randomUUID(), null},
                new String[] {"DELETE", "/simulation-jobs/" + UUID.randomUUID(), null},
                new String[] {"GET", "/usage", null}));
        String description = target[0] + " " + target[1] + " with authorization variant " + variant;
        return new BadInput("bad-token", description, (context, what) -> {
            context.secrets.remember(garbage);
            String header = switch (variant) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "Bearer";
                case 3 -> "Bearer " + garbage;
                case 4 -> "Basic " + Base64.getEncoder().encodeToString((FireContext.FUZZ_KEY + ":x").getBytes());
                case 5 -> "Bearer " + FireContext.FUZZ_KEY; // the API key is not an access token
                case 6 -> "Bearer " + context.accessToken + "x"; // one character off
                case 7 -> "Token " + context.accessToken; // right token, wrong scheme
                default -> "Bearer " + context.accessToken.substring(0, context.accessToken.length() / 2);
            };
            if (variant == 0 && target[1].equals("/usage")) {
                header = "Bearer"; // /usage without a header is the all-keys view, a good request
            }
            byte[] body = target[2] == null ? null : target[2].getBytes(StandardCharsets.UTF_8);
            JudgedRequest.send(context, "bad-token", what, RequestBytes.complete(target[0], target[1], header,
                    body == null ? null : "application/json", body), Set.of(401));
        });
    }

    // ---- another key's session, unknown ids: 404 ------------------------------------------------

    static BadInput foreignOrUnknown(Random random) {
        int variant = random.nextInt(5);
        String unknown = UUID.randomUUID().toString();
        return new BadInput("foreign-or-unknown", "variant " + variant, (context, what) -> {
            String bearer = "Bearer " + context.accessToken;
            byte[] request = switch (variant) {
                case 0 -> RequestBytes.complete("POST", "/sessions/token", bearer, "application/json",
                        ("{\"session_id\":\"" + context.foreignSession.sessionId() + "\"}").getBytes(StandardCharsets.UTF_8));
                case 1 -> RequestBytes.complete("POST", "/sessions/token", bearer, "application/json",
                        ("{\"session_id\":\"" + unknown + "\"}").getBytes(StandardCharsets.UTF_8));
                case 2 -> RequestBytes.complete("GET", "/simulation-jobs/" + unknown, bearer, null, null);
                case 3 -> RequestBytes.complete("GET", "/recordings/" + unknown, "Bearer " + context.foreignAccessToken,
                        null, null);
                default -> RequestBytes.complete("DELETE", "/simulation-jobs/" + unknown, bearer, null, null);
            };
            JudgedRequest.send(context, "foreign-or-unknown", what, request, Set.of(404));
        });
    }
}
