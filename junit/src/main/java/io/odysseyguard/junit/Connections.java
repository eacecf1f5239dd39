package io.odysseyguard.junit;

import io.odysseyguard.guard.OdysseyGuard;
import io.odysseyguard.guard.OpenConnection;
import java.util.ArrayList;
import java.util.List;

/** The one class that names the agent's API ({@code io.odysseyguard.guard}): what the check asks of the agent. */
final class Connections {
    private Connections() {
    }

    /** One open connection, as the check reports it. */
    record Leak(long id, String className, String owner, List<String> site) {
        String describe() {
            return className + " (owner " + owner + ") opened at "
                    + (site.isEmpty() ? "an unknown place" : String.join(" <- ", site));
        }
    }

    /** True when the agent is installed and tracking in this JVM. */
    static boolean agentActive() {
        return OdysseyGuard.isAgentActive();
    }

    /** The highest id of the connections open now (0 for none): every connection opened later has a higher one. */
    static long watermark() {
        long max = 0;
        for (OpenConnection c : OdysseyGuard.openConnections()) {
            max = Math.max(max, c.id());
        }
        return max;
    }

    /** The connections open now that were opened after {@code watermark}, oldest first. */
    static List<Leak> openedAfter(long watermark) {
        List<Leak> out = new ArrayList<>();
        for (OpenConnection c : OdysseyGuard.openConnections()) {
            if (c.id() > watermark) {
                out.add(new Leak(c.id(), c.className(), c.owner(), c.creationSite()));
            }
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    /** Releases those of {@code leaks} still open; the agent's report line names {@code trigger}. How many were closed. */
    static int release(List<Leak> leaks, String trigger) {
        List<Long> ids = new ArrayList<>();
        for (Leak l : leaks) {
            ids.add(l.id());
        }
        List<OpenConnection> which = new ArrayList<>();
        for (OpenConnection c : OdysseyGuard.openConnections()) {
            if (ids.contains(c.id())) {
                which.add(c);
            }
        }
        return OdysseyGuard.release(which, trigger);
    }
}
