package io.odysseyguard.benchmarks.fire;

import java.io.IOException;
import java.util.Set;

/**
 * Sends one bad request on a socket of its own and has {@link Answers} judge the answer. A bad request that the
 * server took for a good one may have opened a session: it is ledgered and released, so the slot is not leaked by
 * the harness (the failure itself is already counted).
 */
final class JudgedRequest {

    private JudgedRequest() {
    }

    /** The whole request, then the answer. */
    static void send(FireContext context, String category, String what, byte[] request, Set<Integer> expected) {
        exchange(context, category, what, request, false, expected);
    }

    /** The request, then the end of the client's output: the server sees a body cut short, not a slow one. */
    static void sendHalfClosed(FireContext context, String category, String what, byte[] request,
                               Set<Integer> expected) {
        exchange(context, category, what, request, true, expected);
    }

    private static void exchange(FireContext context, String category, String what, byte[] request, boolean halfClose,
                                 Set<Integer> expected) {
        RawHttp.Answer answer = new RawHttp(context.port, context.bound).exchange(request, halfClose);
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
        } catch (IOException e) {
            context.failures.record(FailureKind.CLIENT_ERROR, "unreadable session body");
        }
    }
}
