package io.odysseyguard.benchmarks.fire;

import io.odysseyguard.client.ConcurrentLimitReachedException;
import io.odysseyguard.client.OdysseyClient;
import java.util.List;

/**
 * The end of the run: every session the harness still holds is ended; then nothing may be counted, and a fresh start
 * must get exactly the limit: that many clients connect, one more is refused, and after they leave the count is 0.
 */
public final class FinalCheck {

    private final FireContext context;
    private final Checkpoint checkpoint;

    public FinalCheck(FireContext context, Checkpoint checkpoint) {
        this.context = context;
        this.checkpoint = checkpoint;
    }

    public void run(List<OdysseyClient> clients, int limit) {
        for (String sessionId : context.ledger.stillOpen()) {
            boolean foreign = sessionId.equals(context.foreignSession.sessionId());
            WellBehavedClient.Grant grant = foreign ? context.foreignSession
                    : new WellBehavedClient.Grant(sessionId, context.foreignSession.signallingUrl());
            if (!context.client.close(foreign ? context.foreignAccessToken : context.accessToken, grant)) {
                context.failures.record(FailureKind.SESSION_NOT_RELEASED, "at the end: session " + sessionId);
            }
        }
        if (!checkpoint.countsEqualTheTruth("at the end") || context.ledger.expectedConcurrent() != 0) {
            context.failures.record(FailureKind.SLOT_LEAKED, "sessions still counted at the end");
        }
        int connected = 0;
        for (int i = 0; i < Math.min(limit, clients.size() - 1); i++) {
            try {
                clients.get(i).connect();
                context.ledger.opened(clients.get(i).sessionId());
                connected++;
            } catch (RuntimeException e) {
                context.failures.record(FailureKind.SLOT_LEAKED, "a fresh connect " + (i + 1) + " of " + limit
                        + " was refused: " + context.secrets.redact(e.getMessage()));
            }
        }
        if (connected == limit) {
            OdysseyClient oneTooMany = clients.get(limit);
            try {
                oneTooMany.connect();
                String sessionId = oneTooMany.sessionId();
                context.ledger.opened(sessionId);
                context.failures.record(FailureKind.LIMIT_NOT_HONOURED, "a connect beyond the limit got in at the end");
                oneTooMany.disconnect();
                context.ledger.closed(sessionId);
            } catch (ConcurrentLimitReachedException expected) {
                // the limit holds exactly
            }
        }
        checkpoint.countsEqualTheTruth("at the end, at the limit again");
        for (OdysseyClient client : clients) {
            String sessionId = client.sessionId();
            client.disconnect();
            if (sessionId != null) {
                context.ledger.closed(sessionId);
            }
        }
        if (!checkpoint.countsEqualTheTruth("at the very end") || context.ledger.expectedConcurrent() != 0) {
            context.failures.record(FailureKind.SLOT_LEAKED, "sessions still counted after the last clients left");
        }
        checkpoint.check("at the very end");
    }
}
