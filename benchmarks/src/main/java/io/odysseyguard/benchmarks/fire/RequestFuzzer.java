package io.odysseyguard.benchmarks.fire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Bad HTTP requests against the REST API, each drawn from the real request shapes of the protocol (the bodies of
 * {@code POST /auth/token}, {@code /sessions/request}, {@code /sessions/token}, {@code /simulation-jobs}) and then
 * broken one way: malformed JSON, wrong types, bad keys and tokens, another key's session, wrong methods and content
 * types, bodies too big or cut short, requests dropped half-way, and bytes that are not HTTP at all.
 */
public final class RequestFuzzer {

    private static final Set<Integer> ANY_4XX = Set.of();
    private static final String AUTH_BODY = "{\"api_key\":\"" + FireContext.FUZZ_KEY + "\"}";
    private static final String REQUEST_BODY = "{\"region_latencies\":{\"local\":12}}";
    private static final String SIMULATION_BODY = "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"a cat\"}},"
            + "{\"timestamp_ms\":1000,\"end\":{}}],\"portrait\":true}";

    /** A POST endpoint and a valid body for it, from which bad ones are made. */
    private record Endpoint(String path, boolean authorized, String validBody) {
    }

    private static final List<Endpoint> POSTS = List.of(
            new Endpoint("/auth/token", false, AUTH_BODY),
            new Endpoint("/sessions/request", true, REQUEST_BODY),
            new Endpoint("/sessions/token", true, "{\"session_id\":\"" + UUID.nameUUIDFromBytes(new byte[] {1}) + "\"}"),
            new Endpoint("/simulation-jobs", true, SIMULATION_BODY));

    private RequestFuzzer() {
    }

    /** The next bad request, drawn from {@code random}. */
    public static BadInput next(Random random) {
        return switch (random.nextInt(11)) {
            case 0, 1 -> badJson(random);
            case 2 -> wrongTypes(random);
            case 3 -> badKey(random);
            case 4 -> badBearer(random);
            case 5 -> foreignOrUnknown(random);
            case 6 -> wrongMethodOrPath(random);
            case 7 -> wrongContentType(random);
            case 8 -> hugeOrTruncatedBody(random);
            case 9 -> droppedMidRequest(random);
            default -> notHttp(random);
        };
    }

    // ---- malformed JSON: 400 ------------------------------------------------------------------

    private static BadInput badJson(Random random) {
        Endpoint endpoint = pick(random, POSTS);
        byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
        String how;
        byte[] body;
        switch (random.nextInt(8)) {
            case 0 -> {
                int cut = 1 + random.nextInt(valid.length - 1);
                how = "cut after " + cut + " bytes";
                body = slice(valid, cut);
            }
            case 1 -> {
                String garbage = pick(random, List.of("}", "]", " x", ",", "{}", "\u0000", " null", "garbage"));
                how = "trailing " + printable(garbage);
                body = concat(valid, garbage.getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> {
                String broken = pick(random, List.of(
                        "{\"api_key\":tru}", "{api_key:\"ody_abcdefghij\"}", "{'api_key':'ody_abcdefghij'}",
                        "{\"region_latencies\":{\"local\":12,},}", "{/* c */\"session_id\":\"x\"}",
                        "{\"region_latencies\":{\"local\":NaN}}", "{\"region_latencies\":{\"local\":012}}",
                        "{\"region_latencies\":{\"local\":+1}}", "{\"region_latencies\":{\"local\":0x10}}",
                        "{\"session_id\" \"x\"}", "{\"session_id\":\"x\"", "{{}}", "[}", "\"unterminated"));
                how = "broken token " + printable(broken);
                body = broken.getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                how = "control character inside a string";
                body = ("{\"api_key\":\"ody_abc\u0001defghij\",\"session_id\":\"a\u0007b\"}").getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> {
                how = "invalid UTF-8 inside a string";
                body = concat(concat("{\"session_id\":\"".getBytes(StandardCharsets.US_ASCII),
                        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}), "\"}".getBytes(StandardCharsets.US_ASCII));
            }
            case 5 -> {
                int depth = 5000 + random.nextInt(5000);
                how = "arrays nested " + depth + " deep";
                body = ("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.US_ASCII);
            }
            case 6 -> {
                int digits = 2000 + random.nextInt(5000);
                how = "a number of " + digits + " digits";
                body = ("{\"region_latencies\":{\"local\":" + "9".repeat(digits) + "}}").getBytes(StandardCharsets.US_ASCII);
            }
            default -> {
                body = new byte[1 + random.nextInt(200)];
                random.nextBytes(body);
                body[0] = (byte) '#'; // never accidentally blank or valid
                how = "random bytes";
            }
        }
        return post("bad-json", endpoint, how, body, Set.of(400));
    }

    // ---- valid JSON, wrong types or shapes: 422 ----------------------------------------------

    private static BadInput wrongTypes(Random random) {
        String wrongValue = pick(random, List.of("42", "-1.5", "true", "false", "[]", "[\"ody_abcdefghij\"]", "{}",
                "{\"k\":\"v\"}"));
        return switch (random.nextInt(6)) {
            case 0 -> post("wrong-type", POSTS.get(0), "api_key " + wrongValue,
                    ("{\"api_key\":" + (random.nextBoolean() ? "null" : wrongValue) + "}").getBytes(StandardCharsets.UTF_8),
                    Set.of(422));
            case 1 -> post("wrong-type", POSTS.get(2), "session_id " + wrongValue,
                    ("{\"session_id\":" + wrongValue + "}").getBytes(StandardCharsets.UTF_8), Set.of(422));
            case 2 -> {
                String latencies = pick(random, List.of("[]", "\"local\"", "12", "true", "{\"local\":\"12\"}",
                        "{\"local\":[1]}", "{\"local\":null}", "{\"local\":{}}", "{\"local\":true}"));
                yield post("wrong-type", POSTS.get(1), "region_latencies " + latencies,
                        ("{\"region_latencies\":" + latencies + "}").getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            case 3 -> {
                String notAnObject = pick(random, List.of("[]", "[{}]", "\"text\"", "42", "null", "true"));
                Endpoint endpoint = pick(random, POSTS);
                yield post("wrong-type", endpoint, "body " + notAnObject,
                        notAnObject.getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            case 4 -> {
                String script = pick(random, List.of("{\"script\":[]}", "{\"script\":{}}", "{\"scripts\":[]}",
                        "{\"script\":[{\"timestamp_ms\":-1,\"start\":{\"prompt\":\"p\"}}]}",
                        "{\"script\":[{\"timestamp_ms\":\"0\",\"start\":{\"prompt\":\"p\"}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":7}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"end\":{}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"p\"},\"end\":{}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"p\"}}],\"portrait\":\"yes\"}",
                        "{\"script_url\":\"http://example.invalid/s.json\"}", "{}"));
                yield post("wrong-type", POSTS.get(3), "simulation " + script,
                        script.getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            default -> post("wrong-type", POSTS.get(0), "no body", new byte[0], Set.of(422));
        };
    }

    // ---- API keys: 422 malformed, 401 unknown ------------------------------------------------

    private static BadInput badKey(Random random) {
        if (random.nextBoolean()) {
            String key = "ody_fire_" + alnum(random, 12 + random.nextInt(20));
            return new BadInput("bad-key", "a well-formed key the server does not know", (context, what) -> {
                context.secrets.remember(key);
                judge(context, "bad-key", what, raw("POST", "/auth/token", null, "application/json",
                        ("{\"api_key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8)), Set.of(401));
            });
        }
        String key = pick(random, List.of("", "ody_", "ody_short", "sk-" + alnum(random, 20), alnum(random, 24),
                "ody_has space in it", "ody_\\u0000\\u0001\\u0002xyzw", "ody_\\u00e9\\u00e8\\u00ea\\u00eb\\u00ef\\u00ee",
                "ODY_" + alnum(random, 12), " ody_" + alnum(random, 12), "ody_" + alnum(random, 12) + "\\n",
                "ody_" + "x".repeat(20_000 + random.nextInt(20_000)) + " "));
        String shown = key.length() > 40 ? "a key of " + key.length() + " characters" : "malformed key";
        return new BadInput("bad-key", shown, (context, what) -> {
            context.secrets.remember(key);
            judge(context, "bad-key", what, raw("POST", "/auth/token", null, "application/json",
                    ("{\"api_key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8)), Set.of(422));
        });
    }

    // ---- bearer tokens: 401 -------------------------------------------------------------------

    private static BadInput badBearer(Random random) {
        int variant = random.nextInt(9);
        String garbage = alnum(random, 16 + random.nextInt(48));
        String[] target = pick(random, List.of(
                new String[] {"GET", "/regions", null}, new String[] {"POST", "/sessions/request", REQUEST_BODY},
                new String[] {"POST", "/sessions/token", "{\"session_id\":\"x\"}"},
                new String[] {"GET", "/simulation-jobs", null}, new String[] {"POST", "/simulation-jobs", SIMULATION_BODY},
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
                case 4 -> "Basic " + java.util.Base64.getEncoder().encodeToString((FireContext.FUZZ_KEY + ":x").getBytes());
                case 5 -> "Bearer " + FireContext.FUZZ_KEY; // the API key is not an access token
                case 6 -> "Bearer " + context.accessToken + "x"; // one character off
                case 7 -> "Token " + context.accessToken; // right token, wrong scheme
                default -> "Bearer " + context.accessToken.substring(0, context.accessToken.length() / 2);
            };
            if (variant == 0 && target[1].equals("/usage")) {
                header = "Bearer"; // /usage without a header is the all-keys view, a good request
            }
            byte[] body = target[2] == null ? null : target[2].getBytes(StandardCharsets.UTF_8);
            judge(context, "bad-token", what, raw(target[0], target[1], header, body == null ? null : "application/json",
                    body), Set.of(401));
        });
    }

    // ---- another key's session, unknown ids: 404 ------------------------------------------------

    private static BadInput foreignOrUnknown(Random random) {
        int variant = random.nextInt(5);
        String unknown = UUID.randomUUID().toString();
        return new BadInput("foreign-or-unknown", "variant " + variant, (context, what) -> {
            byte[] request = switch (variant) {
                case 0 -> raw("POST", "/sessions/token", "Bearer " + context.accessToken, "application/json",
                        ("{\"session_id\":\"" + context.foreignSession.sessionId() + "\"}").getBytes(StandardCharsets.UTF_8));
                case 1 -> raw("POST", "/sessions/token", "Bearer " + context.accessToken, "application/json",
                        ("{\"session_id\":\"" + unknown + "\"}").getBytes(StandardCharsets.UTF_8));
                case 2 -> raw("GET", "/simulation-jobs/" + unknown, "Bearer " + context.accessToken, null, null);
                case 3 -> raw("GET", "/recordings/" + unknown, "Bearer " + context.foreignAccessToken, null, null);
                default -> raw("DELETE", "/simulation-jobs/" + unknown, "Bearer " + context.accessToken, null, null);
            };
            judge(context, "foreign-or-unknown", what, request, Set.of(404));
        });
    }

    // ---- wrong methods: 405; paths that do not exist: 404 ---------------------------------------

    private static BadInput wrongMethodOrPath(Random random) {
        int variant = random.nextInt(3);
        if (variant == 0) {
            String[] pair = pick(random, List.of(
                    new String[] {"GET", "/auth/token"}, new String[] {"PUT", "/auth/token"},
                    new String[] {"DELETE", "/sessions/request"}, new String[] {"GET", "/sessions/request"},
                    new String[] {"PATCH", "/sessions/token"}, new String[] {"POST", "/usage"},
                    new String[] {"DELETE", "/usage"}, new String[] {"PUT", "/regions"},
                    new String[] {"POST", "/signalling/config"}, new String[] {"PUT", "/simulation-jobs"},
                    new String[] {"POST", "/regions/local/ping"}, new String[] {"DELETE", "/"}));
            return new BadInput("wrong-method", pair[0] + " " + pair[1], (context, what) ->
                    judge(context, "wrong-method", what, raw(pair[0], pair[1], "Bearer " + context.accessToken,
                            "application/json", "{}".getBytes(StandardCharsets.UTF_8)), Set.of(405)));
        }
        if (variant == 1) {
            String path = pick(random, List.of("/nope", "/sessions/requests", "/auth/token/x", "/sessions/",
                    "/dashboard/../../etc/passwd", "/dashboard/secret.txt", "/regions/elsewhere/ping",
                    "/signalling/client/", "/%2e%2e/%2e%2e/", "/" + alnum(random, 30)));
            return new BadInput("wrong-path", "GET " + path, (context, what) ->
                    judge(context, "wrong-path", what, raw("GET", path, null, null, null), ANY_4XX));
        }
        String method = pick(random, List.of("FOO", "get", "CONNECT", "TRACE", "PROPFIND", "M-SEARCH"));
        return new BadInput("wrong-method", method + " /usage", (context, what) ->
                judge(context, "wrong-method", what, raw(method, "/usage", null, null, null), ANY_4XX));
    }

    // ---- valid JSON under a content type that is not JSON: 415 ----------------------------------

    private static BadInput wrongContentType(Random random) {
        String contentType = pick(random, List.of("text/plain", "application/xml", "text/html; charset=utf-8",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/octet-stream",
                "image/png", "jsonish"));
        int endpoint = random.nextInt(3);
        return new BadInput("wrong-content-type", contentType + " on " + POSTS.get(endpoint).path(), (context, what) -> {
            Endpoint target = POSTS.get(endpoint);
            String body = endpoint == 1 ? "{}" : target.validBody();
            judge(context, "wrong-content-type", what, raw("POST", target.path(),
                    target.authorized() ? "Bearer " + context.accessToken : null, contentType,
                    body.getBytes(StandardCharsets.UTF_8)), Set.of(415));
        });
    }

    // ---- bodies too big (413) or cut short (400) -----------------------------------------------

    private static BadInput hugeOrTruncatedBody(Random random) {
        Endpoint endpoint = pick(random, POSTS);
        int variant = random.nextInt(6);
        return switch (variant) {
            case 0 -> {
                long announced = 1024 * 1024 + 1 + random.nextInt(64 * 1024 * 1024);
                yield new BadInput("huge-body", "Content-Length " + announced + " on " + endpoint.path(), (context, what) ->
                        judge(context, "huge-body", what, head("POST", endpoint.path(), authorization(context, endpoint),
                                "Content-Type: application/json\r\nContent-Length: " + announced + "\r\n",
                                "{\"api_key\":\"".getBytes(StandardCharsets.US_ASCII)), Set.of(413)));
            }
            case 1 -> new BadInput("huge-body", "a 1.2 MiB chunked body on " + endpoint.path(), (context, what) ->
                    judge(context, "huge-body", what, head("POST", endpoint.path(), authorization(context, endpoint),
                            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                            chunked(bigJsonString(1_250_000))), Set.of(413)));
            case 2 -> new BadInput("huge-body", "a 1.2 MiB body with its length on " + endpoint.path(), (context, what) -> {
                byte[] body = bigJsonString(1_250_000);
                judge(context, "huge-body", what, raw("POST", endpoint.path(), authorization(context, endpoint),
                        "application/json", body), Set.of(413));
            });
            case 3 -> new BadInput("huge-body", "Content-Length beyond a long on " + endpoint.path(), (context, what) ->
                    judge(context, "huge-body", what, head("POST", endpoint.path(), authorization(context, endpoint),
                            "Content-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n", new byte[0]),
                            Set.of(400, 413)));
            case 4 -> {
                byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
                int sent = 1 + random.nextInt(valid.length - 1);
                yield new BadInput("truncated-body", sent + " of " + valid.length + " bytes, then the end of input, on "
                        + endpoint.path(), (context, what) -> {
                    byte[] request = head("POST", endpoint.path(), authorization(context, endpoint),
                            "Content-Type: application/json\r\nContent-Length: " + valid.length + "\r\n", slice(valid, sent));
                    judgeHalfClosed(context, "truncated-body", what, request, Set.of(400));
                });
            }
            default -> {
                byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
                int sent = 1 + random.nextInt(valid.length - 1);
                yield new BadInput("truncated-body", "a chunked body cut after " + sent + " bytes on " + endpoint.path(),
                        (context, what) -> {
                            byte[] chunk = concat((Integer.toHexString(valid.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                                    slice(valid, sent));
                            byte[] request = head("POST", endpoint.path(), authorization(context, endpoint),
                                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunk);
                                    judgeHalfClosed(context, "truncated-body", what, request, Set.of(400));
                        });
            }
        };
    }

    // ---- connections dropped mid-request: nothing to answer, nothing to lose ---------------------

    private static BadInput droppedMidRequest(Random random) {
        Endpoint endpoint = pick(random, POSTS);
        int cutFraction = 1 + random.nextInt(99);
        return new BadInput("dropped-mid-request", endpoint.path() + " dropped at " + cutFraction + "%", (context, what) -> {
            byte[] full = raw("POST", endpoint.path(), authorization(context, endpoint), "application/json",
                    (endpoint.path().equals("/sessions/request") ? "{}" : endpoint.validBody()).getBytes(StandardCharsets.UTF_8));
            // Never the whole request: a complete one would be a good request that happens to be left unread.
            int cut = Math.max(1, Math.min(full.length - 2, full.length * cutFraction / 100));
            new RawHttp(context.port, context.bound).sendAndDrop(slice(full, cut));
            context.answers.dropped("dropped-mid-request");
        });
    }

    // ---- bytes that are not (valid) HTTP: any 4xx ---------------------------------------------

    private static BadInput notHttp(Random random) {
        int variant = random.nextInt(12);
        byte[] noise = new byte[1 + random.nextInt(512)];
        random.nextBytes(noise);
        noise[0] = (byte) 0x80; // no valid method starts with a high byte
        String filler = alnum(random, 17_000 + random.nextInt(8000));
        byte[] request = switch (variant) {
            case 0 -> concat(noise, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
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

    // ---- helpers ------------------------------------------------------------------------------

    private static BadInput post(String category, Endpoint endpoint, String how, byte[] body, Set<Integer> expected) {
        return new BadInput(category, "POST " + endpoint.path() + ": " + how, (context, what) ->
                judge(context, category, what, raw("POST", endpoint.path(), authorization(context, endpoint),
                        "application/json", body), expected));
    }

    private static String authorization(FireContext context, Endpoint endpoint) {
        return endpoint.authorized() ? "Bearer " + context.accessToken : null;
    }

    /** Sends a whole request and judges the answer; a session it created by mistake is ledgered and released. */
    static void judge(FireContext context, String category, String what, byte[] request, Set<Integer> expected) {
        RawHttp.Answer answer = new RawHttp(context.port, context.bound).exchange(request, false);
        context.answers.judgeHttp(category, what, answer, expected);
        releaseIfASessionWasCreated(context, answer);
    }

    private static void judgeHalfClosed(FireContext context, String category, String what, byte[] request,
                                        Set<Integer> expected) {
        RawHttp.Answer answer = new RawHttp(context.port, context.bound).exchange(request, true);
        context.answers.judgeHttp(category, what, answer, expected);
        releaseIfASessionWasCreated(context, answer);
    }

    private static void releaseIfASessionWasCreated(FireContext context, RawHttp.Answer answer) {
        if (answer.status() != 200 || !answer.body().contains("\"session_id\"") || !answer.body().contains("signalling_url")) {
            return;
        }
        try {
            var json = WellBehavedClient.JSON.readTree(answer.body());
            WellBehavedClient.Grant grant = new WellBehavedClient.Grant(json.get("session_id").asText(),
                    "ws://127.0.0.1:" + context.port + "/signalling");
            context.ledger.opened(grant.sessionId());
            context.release(grant, "a session a bad input created");
        } catch (java.io.IOException e) {
            context.failures.record(FailureKind.CLIENT_ERROR, "unreadable session body");
        }
    }

    /** A complete request with its Content-Length (when there is a body), closing the connection after. */
    static byte[] raw(String method, String path, String authorization, String contentType, byte[] body) {
        StringBuilder headers = new StringBuilder();
        if (contentType != null) {
            headers.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            headers.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return head(method, path, authorization, headers.toString(), body == null ? new byte[0] : body);
    }

    /** A request line, Host, Connection: close, the given header lines (each ending in CRLF), and these body bytes. */
    static byte[] head(String method, String path, String authorization, String headerLines, byte[] body) {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + headerLines + "\r\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), body);
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 16 * 1024) {
            int length = Math.min(16 * 1024, body.length - offset);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] bigJsonString(int size) {
        return ("{\"api_key\":\"" + "a".repeat(size) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static String alnum(Random random, int length) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] slice(byte[] bytes, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, 0, length);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(String text) {
        return text.replace("\u0000", "\\0");
    }
}
