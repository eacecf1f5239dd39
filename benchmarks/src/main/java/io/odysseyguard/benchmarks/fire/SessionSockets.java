package io.odysseyguard.benchmarks.fire;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/**
 * The fuzzing key's sessions as the bad sockets use them: a session's socket attached with a valid token (so that the
 * one bad thing an input does is the only thing wrong), and the client's graceful goodbye on it.
 */
final class SessionSockets {

    private SessionSockets() {
    }

    /** A socket step that may throw. */
    @FunctionalInterface
    interface SocketStep {
        void run(RawWebSocket socket) throws Exception;
    }

    /** A fresh session token for the session, URL-encoded for the socket's query. */
    static String validTokenQuery(FireContext context, String sessionId) {
        return URLEncoder.encode(context.sessionToken(sessionId), StandardCharsets.UTF_8);
    }

    /** The session's socket with a valid token, or null (and a failure) when the handshake is refused. */
    static RawWebSocket attach(FireContext context, WellBehavedClient.Grant grant, long seed) throws Exception {
        RawWebSocket socket = RawWebSocket.open(context.port,
                FireContext.socketPath(grant.sessionId(), validTokenQuery(context, grant.sessionId())),
                new Random(seed), context.bound);
        if (socket.handshakeStatus() != 101) {
            socket.close();
            context.failures.record(FailureKind.CLIENT_ERROR, "a valid socket's handshake answered " + socket.handshakeStatus());
            return null;
        }
        return socket;
    }

    /** A new session, its socket attached, the step, then the session (left dangling by the bad frame) ended. */
    static void onAttachedSocket(FireContext context, long seed, String what, String category,
                                 Set<Integer> expectedCodes, SocketStep step) throws Exception {
        WellBehavedClient.Grant grant = context.newSession();
        try (RawWebSocket socket = attach(context, grant, seed)) {
            if (socket != null) {
                try {
                    step.run(socket);
                } catch (IOException e) {
                    // The server may close the socket while a bad frame is still being written: its close is the answer.
                    context.answers.judgeClose(category, what, socket.awaitEnding(context.bound), expectedCodes);
                }
            }
        } finally {
            context.release(grant, category + ": " + what);
        }
    }

    /**
     * Ends the session as a client does ({@code client_disconnecting}, then close 1000) and sees it confirmed by the
     * server's close 1000; anything else is a failure, {@code failure} followed by how the socket ended.
     */
    static void disconnectGracefully(FireContext context, WellBehavedClient.Grant grant, RawWebSocket socket,
                                     String failure) throws IOException {
        socket.sendText("{\"type\":\"client_disconnecting\"}");
        socket.sendClose(1000, "Client disconnect");
        RawWebSocket.Ending ending = socket.awaitEnding(context.bound);
        if (ending.kind() == RawWebSocket.Ending.Kind.CLOSE_FRAME && ending.code() == 1000) {
            context.ledger.closed(grant.sessionId());
        } else {
            context.failures.record(FailureKind.CLIENT_ERROR, failure + ending.kind() + " " + ending.code());
        }
    }
}
