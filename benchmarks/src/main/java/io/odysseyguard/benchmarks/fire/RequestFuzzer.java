package io.odysseyguard.benchmarks.fire;

import java.util.Random;

/**
 * Bad HTTP requests against the REST API, each drawn from the real request shapes of the protocol (the bodies of
 * {@code POST /auth/token}, {@code /sessions/request}, {@code /sessions/token}, {@code /simulation-jobs}: see
 * {@link PostEndpoint}) and then broken one way: malformed JSON and wrong types ({@link BadJson}), bad keys and
 * tokens and another key's session ({@link BadCredentials}), wrong methods and content types, bodies too big or cut
 * short, requests dropped half-way, and bytes that are not HTTP at all ({@link BadHttp}).
 */
public final class RequestFuzzer {

    private RequestFuzzer() {
    }

    /** The next bad request, drawn from {@code random}; malformed JSON is drawn twice as often as each other kind. */
    public static BadInput next(Random random) {
        return switch (random.nextInt(11)) {
            case 0, 1 -> BadJson.malformed(random);
            case 2 -> BadJson.wrongTypes(random);
            case 3 -> BadCredentials.badKey(random);
            case 4 -> BadCredentials.badBearer(random);
            case 5 -> BadCredentials.foreignOrUnknown(random);
            case 6 -> BadHttp.wrongMethodOrPath(random);
            case 7 -> BadHttp.wrongContentType(random);
            case 8 -> BadHttp.hugeOrTruncatedBody(random);
            case 9 -> BadHttp.droppedMidRequest(random);
            default -> BadHttp.notHttp(random);
        };
    }
}
