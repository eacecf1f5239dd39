package io.odysseyguard.benchmarks.fire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Signaling sockets that never become sound ones: dropped mid-handshake or mid-frame (nothing to answer; the session
 * they leave dangling is ended afterwards), and upgrade requests the server cannot accept (a 4xx).
 */
final class BrokenSockets {

    private BrokenSockets() {
    }

    // ---- sockets dropped mid-handshake or mid-frame: nothing to answer, the session dangles ------

    static BadInput dropped(Random random, long seed) {
        int variant = random.nextInt(3);
        return new BadInput("ws-dropped", "variant " + variant, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            String token = SessionSockets.validTokenQuery(context, grant.sessionId());
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
                    .sendAndDrop(Arrays.copyOf(upgrade, 1 + socketRandom.nextInt(upgrade.length - 2)));
            case 1 -> new RawHttp(context.port, context.bound).sendAndDrop(upgrade);
            default -> {
                RawWebSocket socket = RawWebSocket.open(context.port,
                        FireContext.socketPath(grant.sessionId(), token), socketRandom, context.bound);
                // A header announcing 40 bytes, the mask, and only two bytes of payload.
                byte[] frame = RawWebSocket.frameHeader(true, 0, RawWebSocket.TEXT, true, 40);
                socket.sendRaw(RequestBytes.concat(frame, new byte[] {1, 2, 3, 4, '{', '"'}));
                socket.abort();
            }
        }
    }

    // ---- upgrade requests the server cannot accept: a 4xx ----------------------------------------

    static BadInput badUpgrade(Random random, long seed) {
        int variant = random.nextInt(4);
        return new BadInput("ws-bad-upgrade", "variant " + variant, (context, what) -> {
            Random socketRandom = new Random(seed);
            String path = FireContext.socketPath(UUID.randomUUID().toString(), "x");
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

    private static byte[] replace(byte[] request, String from, String to) {
        return new String(request, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
