package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.Draw.alphanumeric;
import static io.odysseyguard.benchmarks.fire.Draw.oneOf;
import static io.odysseyguard.benchmarks.fire.RequestBytes.ascii;
import static io.odysseyguard.benchmarks.fire.RequestBytes.withHeaderLines;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Requests wrong at the HTTP level, whatever their JSON: wrong methods (405) and paths (404), a body under a content
 * type that is not JSON (415), bodies too big (413) or cut short (400), requests dropped half-way, and bytes that are
 * not HTTP at all.
 */
final class BadHttp {

    /** Where the protocol names no status, any 4xx will do. */
    private static final Set<Integer> ANY_4XX = Set.of();

    private BadHttp() {
    }

    // ---- wrong methods: 405; paths that do not exist: 404 ---------------------------------------

    static BadInput wrongMethodOrPath(Random random) {
        int variant = random.nextInt(3);
        if (variant == 0) {
            String[] pair = oneOf(random, List.of(
                    new String[] {"GET", "/auth/token"}, new String[] {"PUT", "/auth/token"},
                    new String[] {"DELETE", "/sessions/request"}, new String[] {"GET", "/sessions/request"},
                    new String[] {"PATCH", "/sessions/token"}, new String[] {"POST", "/usage"},
                    new String[] {"DELETE", "/usage"}, new String[] {"PUT", "/regions"},
                    new String[] {"POST", "/signalling/config"}, new String[] {"PUT", "/simulation-jobs"},
                    new String[] {"POST", "/regions/local/ping"}, new String[] {"DELETE", "/"}));
            return new BadInput("wrong-method", pair[0] + " " + pair[1], (context, what) ->
                    JudgedRequest.send(context, "wrong-method", what, RequestBytes.complete(pair[0], pair[1],
                            "Bearer " + context.accessToken, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                            Set.of(405)));
        }
        if (variant == 1) {
            String path = oneOf(random, List.of("/nope", "/sessions/requests", "/auth/token/x", "/sessions/",
                    "/dashboard/../../etc/passwd", "/dashboard/secret.txt", "/regions/elsewhere/ping",
                    "/signalling/client/", "/%2e%2e/%2e%2e/", "/" + alphanumeric(random, 30)));
            return new BadInput("wrong-path", "GET " + path, (context, what) ->
                    JudgedRequest.send(context, "wrong-path", what, RequestBytes.complete("GET", path, null, null, null),
                            ANY_4XX));
        }
        String method = oneOf(random, List.of("FOO", "get", "CONNECT", "TRACE", "PROPFIND", "M-SEARCH"));
        return new BadInput("wrong-method", method + " /usage", (context, what) ->
                JudgedRequest.send(context, "wrong-method", what, RequestBytes.complete(method, "/usage", null, null, null),
                        ANY_4XX));
    }

    // ---- valid JSON under a content type that is not JSON: 415 ----------------------------------

    static BadInput wrongContentType(Random random) {
        String contentType = oneOf(random, List.of("text/plain", "application/xml", "text/html; charset=utf-8",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream",
                "image/png", "jsonish"));
        int endpoint = random.nextInt(3);
        PostEndpoint target = PostEndpoint.ALL.get(endpoint);
        return new BadInput("wrong-content-type", contentType + " on " + target.path(), (context, what) -> {
            String body = target == PostEndpoint.SESSION_REQUEST ? "{}" : target.validBody();
            JudgedRequest.send(context, "wrong-content-type", what, RequestBytes.complete("POST", target.path(),
                    target.authorization(context), contentType, body.getBytes(StandardCharsets.UTF_8)), Set.of(415));
        });
    }

    // ---- bodies too big (413) or cut short (400) -----------------------------------------------

    static BadInput hugeOrTruncatedBody(Random random) {
        PostEndpoint endpoint = oneOf(random, PostEndpoint.ALL);
        String path = endpoint.path();
        int variant = random.nextInt(6);
        return switch (variant) {
            case 0 -> {
                long announced = 1024 * 1024 + 1 + random.nextInt(64 * 1024 * 1024);
                yield new BadInput("huge-body", "Content-Length " + announced + " on " + path, (context, what) ->
                        JudgedRequest.send(context, "huge-body", what, withHeaderLines("POST", path,
                                endpoint.authorization(context),
                                "Content-Type: application/json\r\nContent-Length: " + announced + "\r\n",
                                "{\"api_key\":\"".getBytes(StandardCharsets.US_ASCII)), Set.of(413)));
            }
            case 1 -> new BadInput("huge-body", "a 1.2 MiB chunked body on " + path, (context, what) ->
                    JudgedRequest.send(context, "huge-body", what, withHeaderLines("POST", path,
                            endpoint.authorization(context), "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                            RequestBytes.chunked(bigJsonString(1_250_000))), Set.of(413)));
            case 2 -> new BadInput("huge-body", "a 1.2 MiB body with its length on " + path, (context, what) ->
                    JudgedRequest.send(context, "huge-body", what, RequestBytes.complete("POST", path,
                            endpoint.authorization(context), "application/json", bigJsonString(1_250_000)), Set.of(413)));
            case 3 -> new BadInput("huge-body", "Content-Length beyond a long on " + path, (context, what) ->
                    JudgedRequest.send(context, "huge-body", what, withHeaderLines("POST", path,
                            endpoint.authorization(context),
                            "Content-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n", new byte[0]),
                            Set.of(400, 413)));
            case 4 -> {
                byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
                int sent = 1 + random.nextInt(valid.length - 1);
                yield new BadInput("truncated-body", sent + " of " + valid.length + " bytes, then the end of input, on "
                        + path, (context, what) -> JudgedRequest.sendHalfClosed(context, "truncated-body", what,
                        withHeaderLines("POST", path, endpoint.authorization(context),
                                "Content-Type: application/json\r\nContent-Length: " + valid.length + "\r\n",
                                Arrays.copyOf(valid, sent)), Set.of(400)));
            }
            default -> {
                byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
                int sent = 1 + random.nextInt(valid.length - 1);
                yield new BadInput("truncated-body", "a chunked body cut after " + sent + " bytes on " + path,
                        (context, what) -> {
                            // A chunk that announces the whole body, then only part of it.
                            byte[] chunk = RequestBytes.concat(ascii(Integer.toHexString(valid.length) + "\r\n"),
                                    Arrays.copyOf(valid, sent));
                            JudgedRequest.sendHalfClosed(context, "truncated-body", what, withHeaderLines("POST", path,
                                    endpoint.authorization(context),
                                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunk), Set.of(400));
                        });
            }
        };
    }

    private static byte[] bigJsonString(int size) {
        return ("{\"api_key\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    // ---- connections dropped mid-request: nothing to answer, nothing to lose ---------------------

    static BadInput droppedMidRequest(Random random) {
        PostEndpoint endpoint = oneOf(random, PostEndpoint.ALL);
        int cutFraction = 1 + random.nextInt(99);
        return new BadInput("dropped-mid-request", endpoint.path() + " dropped at " + cutFraction + "%", (context, what) -> {
            String body = endpoint == PostEndpoint.SESSION_REQUEST ? "{}" : endpoint.validBody();
            byte[] full = RequestBytes.complete("POST", endpoint.path(), endpoint.authorization(context),
                    "application/json", body.getBytes(StandardCharsets.UTF_8));
            // Never the whole request: a complete one would be a good request that happens to be left unread.
            int cut = Math.max(1, Math.min(full.length - 2, full.length * cutFraction / 100));
            new RawHttp(context.port, context.bound).sendAndDrop(Arrays.copyOf(full, cut));
            context.answers.dropped("dropped-mid-request");
        });
    }

    // ---- bytes that are not (valid) HTTP: any 4xx ---------------------------------------------

    static BadInput notHttp(Random random) {
        int variant = random.nextInt(12);
        byte[] noise = new byte[1 + random.nextInt(512)];
        random.nextBytes(noise);
        noise[0] = (byte) 0x80; // no valid method starts with a high byte
        String filler = alphanumeric(random, 17_000 + random.nextInt(8000));
        byte[] request = switch (variant) {
            case 0 -> RequestBytes.concat(noise, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            case 1 -> ascii("GET /usage HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\nConnection: close\r\n\r\n");
            case 2 -> ascii("GET /usage HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n");
            case 3 -> ascii("POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}");
            case 4 -> ascii("POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\nConnection: close\r\n\r\n{}");
            case 5 -> ascii("POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 7"
                    + "\r\nConnection: close\r\n\r\n{}");
            case 6 -> ascii("POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            case 7 -> ascii("GET /usage HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + filler + "\r\nConnection: close\r\n\r\n");
            case 8 -> ascii("GET /usage HTTP/1.x\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            case 9 -> ascii("GET /usage\r\n\r\n"); // HTTP/0.9
            case 10 -> ascii("GET /us age HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            default -> ascii("GET /usage HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "X-Many: 1\r\n".repeat(2000 + random.nextInt(2000)) + "\r\n");
        };
        // An HTTP version the server does not speak is answered 505 by Jetty's parser, as RFC 9110 (15.6.6) says it
        // should: that one 5xx is the protocol's own answer to the input, not a failure of the server.
        Set<Integer> expected = variant == 8 || variant == 9 ? Set.of(400, 505) : ANY_4XX;
        return new BadInput("not-http", "variant " + variant, (context, what) ->
                context.answers.judgeHttp("not-http", what, new RawHttp(context.port, context.bound).exchange(request, false),
                        expected));
    }
}
