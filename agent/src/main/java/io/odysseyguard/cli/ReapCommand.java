package io.odysseyguard.cli;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.Reaper;
import io.odysseyguard.hardstop.SessionsClosing;
import io.odysseyguard.hardstop.StatusReply;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code odyssey-guard reap}: closes the sessions that JVMs which are gone left in the journal ({@link Reaper#reapGone}),
 * each from its credentials, as the watchdog would have. A session the service refuses (closed or expired already)
 * counts as done; one it could not be asked about stays in the journal for the next reap.
 */
@Command(name = "reap", description = {"Closes the Odyssey sessions that JVMs which are gone (killed with their "
        + "watchdog, crashed, the machine went down) left in the journal, and prints what was closed.",
        "Exit code 0 when every session is done (closed, or ended already), 1 when there is nothing to reap, 3 when "
                + "the service could not be reached for some (they stay in the journal for the next reap)."})
final class ReapCommand extends Subcommand {
    /** How long closing one gone JVM's sessions (in parallel) may take. */
    static final Duration BUDGET = Duration.ofSeconds(10);

    static final String CLOSED = "closed";
    static final String REFUSED = "refused";
    static final String UNREACHABLE = "unreachable";

    @Override
    public Integer call() throws Exception {
        Reaper reaper = new Reaper(new Journal(stateDir()), new SessionsClosing(new SessionCloser()), BUDGET);
        List<Reaper.Reaped> reaped = reaper.reapGone(warnings());
        List<JvmReport> reports = new ArrayList<>();
        boolean complete = true;
        for (Reaper.Reaped r : reaped) {
            List<JvmReport.Line> lines = new ArrayList<>();
            int refused = 0;
            int unreachable = 0;
            for (SessionsClosing.Closed c : r.closed()) {
                lines.add(line(c));
                refused += c.result().status() == SessionCloser.Status.REFUSED ? 1 : 0;
                unreachable += c.result().status() == SessionCloser.Status.UNREACHABLE ? 1 : 0;
            }
            lines.sort(Comparator.comparingLong(l -> l.session().openedAtMillis()));
            complete &= unreachable == 0;
            String headline = "gone; closed " + r.closedCount() + " of " + Text.sessions(lines.size()) + " it left"
                    + (refused > 0 ? ", " + refused + " had ended already" : "")
                    + (unreachable > 0 ? ", " + unreachable + " not reached (kept for the next reap)" : "");
            reports.add(new JvmReport(r.jvm(), GuardedJvms.State.GONE.word, 0, headline, null, lines));
        }
        print(reports);
        if (reaped.isEmpty()) {
            say("nothing to reap: no JVM that is gone left guarded Odyssey sessions (state directory " + stateDir() + ")");
            return ExitCodes.NOTHING;
        }
        return complete ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    private static JvmReport.Line line(SessionsClosing.Closed c) {
        StatusReply.Listed s = StatusReply.Listed.of(c.session());
        return switch (c.result().status()) {
            case CLOSED -> new JvmReport.Line(s, CLOSED, null);
            case REFUSED -> new JvmReport.Line(s, REFUSED, c.result().detail()); // the service's reason: "session closed"
            case UNREACHABLE -> new JvmReport.Line(s, UNREACHABLE, c.result().detail() + "; kept for the next reap");
        };
    }
}
