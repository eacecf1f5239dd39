package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.Draw.alphanumeric;
import static io.odysseyguard.benchmarks.fire.Draw.oneOf;
import static io.odysseyguard.benchmarks.fire.SessionSockets.onAttachedSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Bad frames on a socket attached to its session with a valid token: frames that are not a JSON object with a type
 * and binary frames (close 1003), RFC 6455 violations (close 1002, 1007 for bad UTF-8), and frames over the size
 * limit (close 1009). Each ends its socket; the session it leaves dangling is ended afterwards.
 */
final class BadFrames {

    private static final Set<Integer> UNSUPPORTED_DATA = Set.of(1003);
    private static final Set<Integer> PROTOCOL_ERROR = Set.of(1002, 1007);
    private static final Set<Integer> TOO_BIG = Set.of(1009);

    private BadFrames() {
    }

    // ---- frames that are not a JSON object with a string type: close 1003 ------------------------

    static BadInput notAJsonObjectWithAType(Random random, long seed) {
        boolean binary = random.nextInt(4) == 0;
        String text = oneOf(random, List.of("not json", "{", "[]", "[1,2]", "\"keepalive\"", "42", "null", "{}",
                "{\"type\":42}", "{\"type\":null}", "{\"type\":[\"keepalive\"]}", "{\"type\":{}}", "{\"typ\":\"keepalive\"}",
                "{\"type\":\"keepalive\"} trailing", "{\"type\":\"keepalive\"}{\"type\":\"keepalive\"}",
                alphanumeric(random, 30)));
        byte[] data = new byte[1 + random.nextInt(300)];
        random.nextBytes(data);
        String category = binary ? "ws-binary-frame" : "ws-not-a-typed-object";
        return new BadInput(category, binary ? "binary frame" : "text " + text, (context, what) ->
                onAttachedSocket(context, seed, what, category, UNSUPPORTED_DATA, socket -> {
                    if (binary) {
                        socket.sendFrame(true, 0, RawWebSocket.BINARY, true, data);
                    } else {
                        socket.sendText(text);
                    }
                    context.answers.judgeClose(category, what, socket.awaitEnding(context.bound), UNSUPPORTED_DATA);
                }));
    }

    // ---- RFC 6455 violations: close 1002 (1007 for bad UTF-8) ------------------------------------

    static BadInput protocolViolation(Random random, long seed) {
        int variant = random.nextInt(10);
        int badOpcode = oneOf(random, List.of(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF));
        int badCloseCode = oneOf(random, List.of(0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535));
        int rsv = 1 + random.nextInt(7);
        return new BadInput("ws-protocol-violation", "violation " + variant, (context, what) ->
                onAttachedSocket(context, seed, what, "ws-protocol-violation", PROTOCOL_ERROR, socket -> {
                    byte[] keepalive = "{\"type\":\"keepalive\"}".getBytes(StandardCharsets.UTF_8);
                    switch (variant) {
                        case 0 -> socket.sendFrame(true, 0, RawWebSocket.TEXT, false, keepalive); // unmasked
                        case 1 -> socket.sendFrame(true, rsv, RawWebSocket.TEXT, true, keepalive);
                        case 2 -> socket.sendFrame(true, 0, badOpcode, true, keepalive);
                        case 3 -> socket.sendFrame(true, 0, RawWebSocket.CONTINUATION, true, keepalive); // nothing to continue
                        case 4 -> { // a new message while one is unfinished
                            socket.sendFrame(false, 0, RawWebSocket.TEXT, true, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                            socket.sendFrame(true, 0, RawWebSocket.TEXT, true, keepalive);
                        }
                        case 5 -> socket.sendFrame(false, 0, RawWebSocket.PING, true, new byte[4]); // fragmented control
                        case 6 -> socket.sendFrame(true, 0, RawWebSocket.PING, true, new byte[126]); // control over 125
                        case 7 -> socket.sendFrame(true, 0, RawWebSocket.CLOSE, true,
                                new byte[] {(byte) (badCloseCode >> 8), (byte) badCloseCode, 'x'});
                        case 8 -> socket.sendFrame(true, 0, RawWebSocket.CLOSE, true, new byte[] {3}); // 1-byte payload
                        default -> socket.sendFrame(true, 0, RawWebSocket.TEXT, true,
                                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'});
                    }
                    context.answers.judgeClose("ws-protocol-violation", what, socket.awaitEnding(context.bound),
                            PROTOCOL_ERROR);
                }));
    }

    // ---- over the frame size limit: close 1009 ---------------------------------------------------

    static BadInput tooBig(Random random, long seed) {
        int variant = random.nextInt(3);
        int size = 64 * 1024 + 1 + random.nextInt(200 * 1024);
        return new BadInput("ws-too-big", variant == 2 ? "a header claiming 2^40 bytes" : size + " bytes", (context, what) ->
                onAttachedSocket(context, seed, what, "ws-too-big", TOO_BIG, socket -> {
                    switch (variant) {
                        case 0 -> socket.sendText("{\"type\":\"update\",\"prompt\":\"" + "p".repeat(size) + "\"}");
                        case 1 -> socket.sendFrame(true, 0, RawWebSocket.BINARY, true, new byte[size]);
                        // Only the header goes out: a length past any limit is refused from the header alone.
                        default -> socket.sendFrameStart(RawWebSocket.TEXT, 1L << 40,
                                "{\"type\":".getBytes(StandardCharsets.UTF_8));
                    }
                    context.answers.judgeClose("ws-too-big", what, socket.awaitEnding(context.bound), TOO_BIG);
                }));
    }
}
