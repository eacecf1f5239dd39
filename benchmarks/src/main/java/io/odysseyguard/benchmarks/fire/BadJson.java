package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.Draw.oneOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Bad bodies for the POST endpoints, under the right content type and credentials: JSON that does not parse (400),
 * and valid JSON with the wrong types or shapes (422).
 */
final class BadJson {

    private BadJson() {
    }

    // ---- malformed JSON: 400 ------------------------------------------------------------------

    static BadInput malformed(Random random) {
        PostEndpoint endpoint = oneOf(random, PostEndpoint.ALL);
        byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
        String how;
        byte[] body;
        switch (random.nextInt(8)) {
            case 0 -> {
                int cut = 1 + random.nextInt(valid.length - 1);
                how = "cut after " + cut + " bytes";
                body = Arrays.copyOf(valid, cut);
            }
            case 1 -> {
                String garbage = oneOf(random, List.of("}", "]", " x", ",", "{}", "\u0000", " null", "garbage"));
                how = "trailing " + printable(garbage);
                body = RequestBytes.concat(valid, garbage.getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> {
                String broken = oneOf(random, List.of(
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
                body = RequestBytes.concat(RequestBytes.concat("{\"session_id\":\"".getBytes(StandardCharsets.US_ASCII),
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

    static BadInput wrongTypes(Random random) {
        String wrongValue = oneOf(random, List.of("42", "-1.5", "true", "false", "[]", "[\"ody_abcdefghij\"]", "{}",
                "{\"k\":\"v\"}"));
        return switch (random.nextInt(6)) {
            case 0 -> post("wrong-type", PostEndpoint.AUTH_TOKEN, "api_key " + wrongValue,
                    ("{\"api_key\":" + (random.nextBoolean() ? "null" : wrongValue) + "}").getBytes(StandardCharsets.UTF_8),
                    Set.of(422));
            case 1 -> post("wrong-type", PostEndpoint.SESSION_TOKEN, "session_id " + wrongValue,
                    ("{\"session_id\":" + wrongValue + "}").getBytes(StandardCharsets.UTF_8), Set.of(422));
            case 2 -> {
                String latencies = oneOf(random, List.of("[]", "\"local\"", "12", "true", "{\"local\":\"12\"}",
                        "{\"local\":[1]}", "{\"local\":null}", "{\"local\":{}}", "{\"local\":true}"));
                yield post("wrong-type", PostEndpoint.SESSION_REQUEST, "region_latencies " + latencies,
                        ("{\"region_latencies\":" + latencies + "}").getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            case 3 -> {
                String notAnObject = oneOf(random, List.of("[]", "[{}]", "\"text\"", "42", "null", "true"));
                PostEndpoint endpoint = oneOf(random, PostEndpoint.ALL);
                yield post("wrong-type", endpoint, "body " + notAnObject,
                        notAnObject.getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            case 4 -> {
                String script = oneOf(random, List.of("{\"script\":[]}", "{\"script\":{}}", "{\"scripts\":[]}",
                        "{\"script\":[{\"timestamp_ms\":-1,\"start\":{\"prompt\":\"p\"}}]}",
                        "{\"script\":[{\"timestamp_ms\":\"0\",\"start\":{\"prompt\":\"p\"}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":7}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"end\":{}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"p\"},\"end\":{}}]}",
                        "{\"script\":[{\"timestamp_ms\":0,\"start\":{\"prompt\":\"p\"}}],\"portrait\":\"yes\"}",
                        "{\"script_url\":\"http://example.invalid/s.json\"}", "{}"));
                yield post("wrong-type", PostEndpoint.SIMULATION_JOBS, "simulation " + script,
                        script.getBytes(StandardCharsets.UTF_8), Set.of(422));
            }
            default -> post("wrong-type", PostEndpoint.AUTH_TOKEN, "no body", new byte[0], Set.of(422));
        };
    }

    /** The body as JSON to the endpoint, with its credentials: only the body is wrong. */
    private static BadInput post(String category, PostEndpoint endpoint, String how, byte[] body, Set<Integer> expected) {
        return new BadInput(category, "POST " + endpoint.path() + ": " + how, (context, what) ->
                JudgedRequest.send(context, category, what, RequestBytes.complete("POST", endpoint.path(),
                        endpoint.authorization(context), "application/json", body), expected));
    }

    /** A description never carries a NUL (it ends up in a failure report). */
    private static String printable(String text) {
        return text.replace("\u0000", "\\0");
    }
}
