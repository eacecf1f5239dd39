package io.odysseyguard.benchmarks.fire;

import java.util.Random;

/**
 * Bad signaling sockets, each on a session of its own: bad, forged, expired and foreign session tokens
 * ({@link BadSocketTokens}); frames that are not JSON objects with a type, binary frames, RFC 6455 violations
 * (unmasked, reserved bits and opcodes, continuations out of order, fragmented or oversized control frames, invalid
 * UTF-8, bad close codes) and frames over the size limit ({@link BadFrames}); stream messages out of order, a second
 * socket and a message after {@code client_disconnecting} ({@link OutOfOrderSignaling}); sockets dropped
 * mid-handshake or mid-frame and upgrades the server cannot accept ({@link BrokenSockets}). Every session used is
 * ended gracefully afterwards, so the ledger stays the truth.
 */
public final class FrameFuzzer {

    private FrameFuzzer() {
    }

    /** The next bad socket, drawn from {@code random}; its socket's own random stream is seeded from the draw. */
    public static BadInput next(Random random) {
        long socketSeed = random.nextLong();
        return switch (random.nextInt(10)) {
            case 0, 1 -> BadSocketTokens.badToken(random, socketSeed);
            case 2 -> BadFrames.notAJsonObjectWithAType(random, socketSeed);
            case 3, 4 -> BadFrames.protocolViolation(random, socketSeed);
            case 5 -> BadFrames.tooBig(random, socketSeed);
            case 6 -> OutOfOrderSignaling.streamOutOfOrder(random, socketSeed);
            case 7 -> OutOfOrderSignaling.secondSocketOrMessageAfterDisconnecting(random, socketSeed);
            case 8 -> BrokenSockets.dropped(random, socketSeed);
            default -> BrokenSockets.badUpgrade(random, socketSeed);
        };
    }
}
