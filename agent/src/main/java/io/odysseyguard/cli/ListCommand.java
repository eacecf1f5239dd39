package io.odysseyguard.cli;

import io.odysseyguard.hardstop.StatusReply;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code odyssey-guard list}: every JVM of the state directory holding guarded Odyssey sessions. A running one is asked
 * over its control socket (what it holds now); one that does not answer, and one that is gone, are shown from their
 * journal file, marked so.
 */
@Command(name = "list", description = {"Lists every JVM on this machine with guarded Odyssey sessions: pid, main "
        + "class, and per session its short id, age, owner generation and where it was opened. Running JVMs are "
        + "asked directly; a JVM that does not answer, or is gone, is shown as its journal recorded it, marked so.",
        "Exit code 0 when a JVM is listed, 1 when there is none."})
final class ListCommand extends Subcommand {

    @Override
    public Integer call() throws Exception {
        List<GuardedJvms.Found> found = new GuardedJvms(stateDir(), warnings()).all();
        List<JvmReport> reports = new ArrayList<>();
        for (GuardedJvms.Found f : found) {
            reports.add(report(f));
        }
        print(reports);
        if (found.isEmpty()) {
            say("no JVM holds guarded Odyssey sessions (state directory " + stateDir() + ")");
            return ExitCodes.NOTHING;
        }
        return ExitCodes.OK;
    }

    static JvmReport report(GuardedJvms.Found f) {
        List<JvmReport.Line> lines = new ArrayList<>();
        for (StatusReply.Listed s : f.sessions()) {
            lines.add(new JvmReport.Line(s, null, null));
        }
        return new JvmReport(f.jvm(), f.state().word, f.watchdogPid(), headline(f), f.problem(), lines);
    }

    private static String headline(GuardedJvms.Found f) {
        String n = Text.sessions(f.sessions().size());
        return switch (f.state()) {
            case RUNNING -> "running, " + n + ", " + (f.watchdogPid() > 0 ? "watchdog pid " + f.watchdogPid() : "no watchdog");
            case NOT_ANSWERING -> "running, but " + f.problem() + "; " + n + " as its journal recorded them";
            case GONE -> "gone; " + n + " as its journal recorded them (`odyssey-guard reap` closes them)";
        };
    }
}
