package io.odysseyguard.benchmarks.fire;

import static io.odysseyguard.benchmarks.fire.SessionSockets.attach;
import static io.odysseyguard.benchmarks.fire.SessionSockets.disconnectGracefully;

import java.io.IOException;
import java.util.Random;
import java.util.Set;

/**
 * Well-formed signaling at the wrong moment: stream messages out of order (answered by
 * {@code interactive_stream_error}, the socket stays), a second socket for a session that has one (closed 1008, the
 * first keeps the session), and a message after {@code client_disconnecting} (closed 1008).
 */
final class OutOfOrderSignaling {

    private static final Set<Integer> POLICY_VIOLATION = Set.of(1008);

    private OutOfOrderSignaling() {
    }

    // ---- stream messages out of order: interactive_stream_error, the socket stays -----------------

    static BadInput streamOutOfOrder(Random random, long seed) {
        int variant = random.nextInt(5);
        return new BadInput("ws-stream-out-of-order", "variant " + variant, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            try (RawWebSocket socket = attach(context, grant, seed)) {
                if (socket == null) {
                    return;
                }
                sendOutOfOrder(context, socket, variant);
                context.answers.judgeStreamError("ws-stream-out-of-order", what, socket.awaitText(context.bound));
                // The session goes on after a stream error: end it as a client does, and see it confirmed.
                disconnectGracefully(context, grant, socket, "ws-stream-out-of-order: graceful close answered ");
            } finally {
                context.releaseIfOpen(grant, what);
            }
        });
    }

    private static void sendOutOfOrder(FireContext context, RawWebSocket socket, int variant) throws IOException {
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
    }

    // ---- a second socket (1008, the first keeps the session); a message after client_disconnecting (1008)

    static BadInput secondSocketOrMessageAfterDisconnecting(Random random, long seed) {
        boolean second = random.nextBoolean();
        String category = second ? "ws-second-socket" : "ws-message-after-disconnecting";
        return new BadInput(category, category, (context, what) -> {
            WellBehavedClient.Grant grant = context.newSession();
            try (RawWebSocket first = attach(context, grant, seed)) {
                if (first == null) {
                    return;
                }
                if (second) {
                    secondSocket(context, grant, first, seed, category, what);
                } else {
                    messageAfterDisconnecting(context, grant, first, category, what);
                }
            } finally {
                context.releaseIfOpen(grant, what);
            }
        });
    }

    private static void secondSocket(FireContext context, WellBehavedClient.Grant grant, RawWebSocket first, long seed,
                                     String category, String what) throws IOException {
        // A 101 is not the server's word that this socket holds the session: it checks the token and the session once
        // the socket is open (a bad token, too, gets a 101 and then error + 1008), so two sockets opened back to back
        // may be decided in either order. The first socket holds the session once the server has answered a message
        // on it (a stream error is only sent to the attached socket).
        first.sendText("{\"type\":\"interactive_stream_end\"}");
        String answer = first.awaitText(context.bound);
        if (answer == null || !answer.contains("\"interactive_stream_error\"")) {
            context.failures.record(FailureKind.CLIENT_ERROR, category + ": the first socket was not attached: "
                    + (answer == null ? "no answer" : context.secrets.redact(answer)));
            return;
        }
        String token = SessionSockets.validTokenQuery(context, grant.sessionId());
        try (RawWebSocket intruder = RawWebSocket.open(context.port, FireContext.socketPath(grant.sessionId(), token),
                new Random(seed + 1), context.bound)) {
            context.answers.judgeClose(category, what, intruder.awaitEnding(context.bound), POLICY_VIOLATION);
        }
        disconnectGracefully(context, grant, first, category + ": the first socket lost its session: ");
    }

    private static void messageAfterDisconnecting(FireContext context, WellBehavedClient.Grant grant,
                                                  RawWebSocket socket, String category, String what) throws IOException {
        socket.sendText("{\"type\":\"client_disconnecting\"}");
        socket.sendText("{\"type\":\"keepalive\"}");
        RawWebSocket.Ending ending = socket.awaitEnding(context.bound);
        if (context.answers.judgeClose(category, what, ending, POLICY_VIOLATION)) {
            context.ledger.closed(grant.sessionId()); // the 1008 came after client_disconnecting was handled
        }
    }
}
