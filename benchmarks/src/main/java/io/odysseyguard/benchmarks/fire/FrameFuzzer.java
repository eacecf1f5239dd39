package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.RequestFuzzer.alnum;
import static io.odysseyguard.benchmarks.fire.RequestFuzzer.pick;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bad signaling sockets, each on a session of its own: bad, forged, expired and foreign session tokens; frames that
 * are not JSON objects with a type, binary frames, RFC 6455 violations (unmasked, reserved bits and opcodes,
 * continuations out of order, fragmented or oversized control frames, invalid UTF-8, bad close codes), frames over the
 * size limit, stream messages out of order, a second socket, a message after {@code client_disconnecting}, and sockets
 * dropped mid-handshake or mid-frame. Every session used is ended gracefully afterwards, so the ledger stays the truth.
 */
public final class FrameFuzzer {

    private static final Set<Integer> POLICY_VIOLATION = Set.of(1008);
    private static final Set<Integer> UNSUPPORTED_DATA = Set.of(1003);
    private static final Set<Integer> PROTOCOL_ERROR = Set.of(1002, 1007);
    private static final Set<Integer> TOO_BIG = Set.of(1009);

    private FrameFuzzer() {
    }

    /** The next bad socket, drawn from {@code random}. */
    public static BadInput next(Random random) {
        long socketSeed = random.nextLong();
        return switch (random.nextInt(10)) {
            case 0, 1 -> badToken(random, socketSeed);
            case 2 -> notAJsonObjectWithAType(random, socketSeed);
            case 3, 4 -> protocolViolation(random, socketSeed);
            case 5 -> tooBig(random, socketSeed);
            case 6 -> streamOutOfOrder(random, socketSeed);
            case 7 -> secondSocketOrMessageAfterDisconnecting(random, socketSeed);
            case 8 -> dropped(random, socketSeed);
            default -> badUpgrade(random, socketSeed);
        };
    }

    // ---- tokens: error frame, close 1008 ------------------------------------------------------

    private static BadInput badToken(Random random, long seed) {
        int variant = random.nextInt(9);
        String garbage = alnum(random, 20 + random.nextInt(40));
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
                    sessionId = java.util.UUID.randomUUID().toString(); // a path the token does not name
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

    // ---- frames that are not a JSON object with a string type: close 1003 ------------------------

    private static BadInput notAJsonObjectWithAType(Random random, long seed) {
        boolean binary = random.nextInt(4) == 0;
        String text = pick(random, List.of("not json", "{", "[]", "[1,2]", "\"keepalive\"", "42", "null", "{}",
                "{\"type\":42}", "{\"type\":null}", "{\"type\":[\"keepalive\"]}", "{\"type\":{}}", "{\"typ\":\"keepalive\"}",
                "{\"type\":\"keepalive\"} trailing", "{\"type\":\"keepalive\"}{\"type\":\"keepalive\"}", alnum(random, 30)));
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

    private static BadInput protocolViolation(Random random, long seed) {
        int variant = random.nextInt(10);
        int badOpcode = pick(random, List.of(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF));
        int badCloseCode = pick(random, List.of(0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535));
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

    private static BadInput tooBig(Random random, long seed) {
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

    // ---- stream messages out of order: interactive_stream_error, the socket stays -----------------

    private static BadInput streamOutOfOrder(Random random, long seed) {
        int variant = random.nextInt(5);
        return new BadInput("ws-stream-out-of-order", "variant " + variant, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            try (RawWebSocket socket = attach(context, grant, seed)) {
                if (socket == null) {
                    return;
                }
                streamOutOfOrder(context, grant, socket, variant, what);
            } finally {
                context.releaseIfOpen(grant, what);
            }
        });
    }

    private static void streamOutOfOrder(FireContext context, WellBehavedClient.Grant grant, RawWebSocket socket,
                                         int variant, String what) throws java.io.IOException {
        switch (variant) {
            case 0 -> socket.sendText("{\"type\":\"update\",\"prompt\":\"too early\"}");
            case 1 -> socket.sendText("{\"type\":\"interactive_stream_end\"}");
            case 2 -> {
                socket.sendText("{\"type\":\"interactive_stream_start\",\"prompt\":\"first\"}");
                socket.awaitText(context.bound); // stream_started
                socket.sendText("{\"type\":\"interactive_stream_start\",\"prompt\":\"second\"}");
            }
            case 3 -> socket.sendText("{\"type\":\"interactive_stream_start\",\"prompt\":42}");
            default -> socket.sendText("{\"type\":\"update\",\"prompt\":[\"not\",\"text\"]}");
        }
        context.answers.judgeStreamError("ws-stream-out-of-order", what, socket.awaitText(context.bound));
        // The session goes on after a stream error: end it as a client does, and see it confirmed.
        socket.sendText("{\"type\":\"client_disconnecting\"}");
        socket.sendClose(1000, "Client disconnect");
        RawWebSocket.Ending ending = socket.awaitEnding(context.bound);
        if (ending.kind() == RawWebSocket.Ending.Kind.CLOSE_FRAME && ending.code() == 1000) {
            context.ledger.closed(grant.sessionId());
        } else {
            context.failures.record(FailureKind.CLIENT_ERROR, "ws-stream-out-of-order: graceful close answered "
                    + ending.kind() + " " + ending.code());
        }
    }

    // ---- a second socket (1008, the first keeps the session); a message after client_disconnecting (1008)

    private static BadInput secondSocketOrMessageAfterDisconnecting(Random random, long seed) {
        boolean second = random.nextBoolean();
        String category = second ? "ws-second-socket" : "ws-message-after-disconnecting";
        return new BadInput(category, category, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            try (RawWebSocket first = attach(context, grant, seed)) {
                if (first == null) {
                    return;
                }
                if (second) {
                    // A 101 is not the server's word that this socket holds the session: it checks the token and the
                    // session once the socket is open (a bad token, too, gets a 101 and then error + 1008), so two
                    // sockets opened back to back may be decided in either order. The first socket holds the session
                    // once the server has answered a message on it (a stream error is only sent to the attached socket).
                    first.sendText("{\"type\":\"interactive_stream_end\"}");
                    String answer = first.awaitText(context.bound);
                    if (answer == null || !answer.contains("\"interactive_stream_error\"")) {
                        context.failures.record(FailureKind.CLIENT_ERROR, category + ": the first socket was not attached: "
                                + (answer == null ? "no answer" : context.secrets.redact(answer)));
                        return;
                    }
                    String token = URLEncoder.encode(context.sessionToken(grant.sessionId()), StandardCharsets.UTF_8);
                    try (RawWebSocket intruder = RawWebSocket.open(context.port,
                            FireContext.socketPath(grant.sessionId(), token), new Random(seed + 1), context.bound)) {
                        context.answers.judgeClose(category, what, intruder.awaitEnding(context.bound), POLICY_VIOLATION);
                    }
                    first.sendText("{\"type\":\"client_disconnecting\"}");
                    first.sendClose(1000, "Client disconnect");
                    RawWebSocket.Ending ending = first.awaitEnding(context.bound);
                    if (ending.kind() == RawWebSocket.Ending.Kind.CLOSE_FRAME && ending.code() == 1000) {
                        context.ledger.closed(grant.sessionId());
                    } else {
                        context.failures.record(FailureKind.CLIENT_ERROR, category + ": the first socket lost its session: "
                                + ending.kind() + " " + ending.code());
                    }
                } else {
                    first.sendText("{\"type\":\"client_disconnecting\"}");
                    first.sendText("{\"type\":\"keepalive\"}");
                    RawWebSocket.Ending ending = first.awaitEnding(context.bound);
                    if (context.answers.judgeClose(category, what, ending, POLICY_VIOLATION)) {
                        context.ledger.closed(grant.sessionId()); // the 1008 came after client_disconnecting was handled
                    }
                }
            } finally {
                context.releaseIfOpen(grant, what);
            }
        });
    }

    // ---- sockets dropped mid-handshake or mid-frame: nothing to answer, the session dangles ------

    private static BadInput dropped(Random random, long seed) {
        int variant = random.nextInt(3);
        return new BadInput("ws-dropped", "variant " + variant, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            String token = URLEncoder.encode(context.sessionToken(grant.sessionId()), StandardCharsets.UTF_8);
            Random socketRandom = new Random(seed);
            byte[] upgrade = RawWebSocket.upgradeRequest(context.port, FireContext.socketPath(grant.sessionId(), token),
                    socketRandom, "");
            try {
                dropMidway(context, grant, token, socketRandom, upgrade, variant);
                context.answers.dropped("ws-dropped");
            } finally {
                context.release(grant, what);
            }
        });
    }

    private static void dropMidway(FireContext context, WellBehavedClient.Grant grant, String token, Random socketRandom,
                                   byte[] upgrade, int variant) throws java.io.IOException {
        switch (variant) {
            case 0 -> new RawHttp(context.port, context.bound)
                    .sendAndDrop(RequestFuzzer.slice(upgrade, 1 + socketRandom.nextInt(upgrade.length - 2)));
            case 1 -> new RawHttp(context.port, context.bound).sendAndDrop(upgrade);
            default -> {
                RawWebSocket socket = RawWebSocket.open(context.port,
                        FireContext.socketPath(grant.sessionId(), token), socketRandom, context.bound);
                byte[] frame = RawWebSocket.frameHeader(true, 0, RawWebSocket.TEXT, true, 40);
                socket.sendRaw(RequestFuzzer.concat(frame, new byte[] {1, 2, 3, 4, '{', '"'}));
                socket.abort();
            }
        }
    }

    // ---- upgrade requests the server cannot accept: a 4xx ----------------------------------------

    private static BadInput badUpgrade(Random random, long seed) {
        int variant = random.nextInt(4);
        return new BadInput("ws-bad-upgrade", "variant " + variant, (context, what) -> {
            Random socketRandom = new Random(seed);
            String path = FireContext.socketPath(java.util.UUID.randomUUID().toString(), "x");
            byte[] request = switch (variant) {
                case 0 -> replace(RawWebSocket.upgradeRequest(context.port, path, socketRandom, ""),
                        "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
                case 1 -> replace(RawWebSocket.upgradeRequest(context.port, path, socketRandom, ""),
                        "Sec-WebSocket-Key: ", "X-Not-The-Key: ");
                case 2 -> replace(RawWebSocket.upgradeRequest(context.port, path, socketRandom, ""), "GET ", "POST ");
                default -> RawWebSocket.upgradeRequest(context.port, "/signalling/client/", socketRandom, "");
            };
            context.answers.judgeHttp("ws-bad-upgrade", what,
                    new RawHttp(context.port, context.bound).exchange(request, false), Set.of());
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A socket step that may throw. */
    @FunctionalInterface
    interface SocketStep {
        void run(RawWebSocket socket) throws Exception;
    }

    /** A new session, its socket attached, the step, then the session (left dangling by the bad frame) ended. */
    private static void onAttachedSocket(FireContext context, long seed, String what, String category,
                                         Set<Integer> expectedCodes, SocketStep step) throws Exception {
        WellBehavedClient.Grant grant = context.newSession();
        try (RawWebSocket socket = attach(context, grant, seed)) {
            if (socket != null) {
                try {
                    step.run(socket);
                } catch (java.io.IOException e) {
                    // The server may close the socket while a bad frame is still being written: its close is the answer.
                    context.answers.judgeClose(category, what, socket.awaitEnding(context.bound), expectedCodes);
                }
            }
        } finally {
            context.release(grant, category + ": " + what);
        }
    }

    /** The session's socket with a valid token, or null (and a failure) when the handshake is refused. */
    private static RawWebSocket attach(FireContext context, WellBehavedClient.Grant grant, long seed) throws Exception {
        String token = URLEncoder.encode(context.sessionToken(grant.sessionId()), StandardCharsets.UTF_8);
        RawWebSocket socket = RawWebSocket.open(context.port, FireContext.socketPath(grant.sessionId(), token),
                new Random(seed), context.bound);
        if (socket.handshakeStatus() != 101) {
            socket.close();
            context.failures.record(FailureKind.CLIENT_ERROR, "a valid socket's handshake answered " + socket.handshakeStatus());
            return null;
        }
        return socket;
    }

    private static byte[] replace(byte[] request, String from, String to) {
        return new String(request, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A JWT with the server's claims, signed with a key that is not the server's (or not signed at all). */
    static String forgedJwt(String sessionId, String algorithm) {
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
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
