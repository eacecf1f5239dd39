package io.odysseyguard.guard.reported;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.released.Releaser.Outcome;
import io.odysseyguard.guard.tracked.TrackedConnection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the outcomes of one trigger's release into the report's one sentence:
 * <pre>
 * released 2 of 3 Odyssey connections left open by app at JVM exit (opened at a.B.c(B.java:4) (2x)); not released:
 * com.acme.Conn opened at a.B.d(B.java:9) (close did not return within 2000 ms)
 * </pre>
 * A connection whose session's connection had already been lost (the network dropped it) is not counted as released
 * but named apart: {@code released 0 of 1 Odyssey connection left open by app at JVM exit; already lost (the network
 * dropped its connection; its session is being closed): io.odysseyguard.client.OdysseyClient opened at ...}.
 * Class names, loader descriptions and creation sites only: never a connection's {@code toString()} or an exception's
 * message, which may carry a secret.
 */
public final class ReleaseReport {
    private ReleaseReport() {
    }

    /**
     * Prints the sentence for a trigger's release: what the guard released or failed to (nothing when there was
     * nothing). What the application closed itself while the trigger ran is not "left open": only a debug line counts
     * it.
     */
    public static void print(String trigger, List<Outcome> outcomes, long waitedMillis) {
        List<Outcome> guards = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o.isTheGuards()) {
                guards.add(o);
            }
        }
        int byApplication = outcomes.size() - guards.size();
        if (byApplication > 0) {
            Reporter.debug("the application closed " + byApplication + (byApplication == 1 ? " connection" : " connections")
                    + " itself while the guard was about to release " + (byApplication == 1 ? "it " : "them ") + trigger
                    + "; the guard waited for " + (byApplication == 1 ? "that close" : "those closes") + " and left "
                    + (byApplication == 1 ? "it" : "them") + " alone");
        }
        if (!guards.isEmpty()) {
            Reporter.report(sentence(trigger, guards, waitedMillis));
        }
    }

    /**
     * The sentence for {@code outcomes} (not empty).
     *
     * @param trigger      completes "left open by &lt;owners&gt; ...": {@code at JVM exit}, {@code when it was closed}
     * @param waitedMillis how long the release waited for the closes (named for a close that did not return)
     */
    public static String sentence(String trigger, List<Outcome> outcomes, long waitedMillis) {
        Set<String> owners = new LinkedHashSet<>();
        Map<String, Integer> sites = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        int released = 0;
        for (Outcome o : outcomes) {
            TrackedConnection c = o.connection();
            owners.add(c.ownerDescription());
            if (o.status() == Outcome.Status.RELEASED) {
                released++;
                sites.merge(c.siteText(), 1, Integer::sum);
            } else if (o.status() == Outcome.Status.LOST) {
                lost.add(c.className() + " opened at " + c.siteText());
            } else {
                failures.add(c.className() + " opened at " + c.siteText() + " (" + why(o, waitedMillis) + ")");
            }
        }
        StringBuilder line = new StringBuilder("released ").append(released);
        if (released != outcomes.size()) {
            line.append(" of ").append(outcomes.size());
        }
        line.append(outcomes.size() == 1 ? " Odyssey connection" : " Odyssey connections")
                .append(" left open by ").append(String.join(", ", owners))
                .append(' ').append(trigger);
        if (!sites.isEmpty()) {
            List<String> parts = new ArrayList<>();
            sites.forEach((site, n) -> parts.add("opened at " + site + (n > 1 ? " (" + n + "x)" : "")));
            line.append(" (").append(String.join("; ", parts)).append(')');
        }
        if (!lost.isEmpty()) {
            line.append(lost.size() == 1
                    ? "; already lost (the network dropped its connection; its session is being closed): "
                    : "; already lost (the network dropped their connections; their sessions are being closed): ")
                    .append(String.join("; ", lost));
        }
        if (!failures.isEmpty()) {
            line.append("; not released: ").append(String.join("; ", failures));
        }
        return line.toString();
    }

    private static String why(Outcome o, long waitedMillis) {
        return switch (o.status()) {
            case RELEASED -> "released";
            case LOST -> "the network had dropped its connection; its session is being closed";
            case CLOSE_THREW -> "close threw " + o.cause();
            case CLOSE_FAILED -> "close failed: " + o.cause();
            case LOADER_STOPPED -> "close failed: its class loader was already stopped or closed and refused a class ("
                    + o.cause() + ")";
            case NO_CLOSE_METHOD -> "no no-argument close method "
                    + String.join(" or ", o.connection().closeMethods());
            case NO_THREAD -> "could not start a release thread: " + o.cause();
            case DID_NOT_RETURN -> "close did not return within " + waitedMillis + " ms";
            case CLOSED_BY_APPLICATION -> "closed by the application";
        };
    }
}
