package io.odysseyguard.cli;

import io.odysseyguard.hardstop.StatusReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code odyssey-guard release PID | --all}: the running JVM releases its connections gracefully, through the agent
 * inside it (control socket request {@code command=release}: each connection's own close method, as at its exit), and
 * keeps running. What was released is what it held before and holds no more.
 */
@Command(name = "release", description = {"Has a running guarded JVM release its Odyssey sessions gracefully, through "
        + "the agent inside it (each connection's own disconnect); the application keeps running. Prints what was "
        + "released.",
        "Exit code 0 when every session was released, 1 when the JVM holds none (or is not running: sessions of a JVM "
                + "that is gone are closed by reap), 3 when a session is still held or a JVM did not answer."})
final class ReleaseCommand extends Subcommand {
    static final String RELEASED = "released";
    static final String NOT_RELEASED = "not-released";

    @Parameters(paramLabel = "PID", arity = "0..1", description = "the JVM's process id")
    Long pid;

    @Option(names = "--all", description = "every running guarded JVM that holds sessions")
    boolean all;

    @Override
    public Integer call() throws Exception {
        if (all == (pid != null)) {
            throw new ParameterException(spec.commandLine(), all ? "give a PID or --all, not both" : "give a PID or --all");
        }
        List<GuardedJvms.Found> found = new GuardedJvms(stateDir(), warnings()).find(p -> all || p == pid);
        List<GuardedJvms.Found> running = new ArrayList<>();
        int gone = 0;
        for (GuardedJvms.Found f : found) {
            if (f.state() == GuardedJvms.State.GONE) {
                gone++;
            } else {
                running.add(f);
            }
        }
        if (gone > 0) {
            say((all ? "JVMs that are gone" : "pid " + pid + ", which is gone,") + " left guarded Odyssey sessions: "
                    + "`odyssey-guard reap` closes them");
        }
        if (running.isEmpty()) {
            print(List.of());
            String where = " (state directory " + stateDir() + ")";
            if (all) {
                say("no running JVM holds guarded Odyssey sessions" + where);
            } else if (gone == 0) {
                say(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        ? "pid " + pid + " holds no guarded Odyssey sessions" + where
                        : "no process with pid " + pid + " is running" + where);
            }
            return ExitCodes.NOTHING;
        }
        List<JvmReport> reports = new ArrayList<>();
        boolean complete = true;
        for (GuardedJvms.Found f : running) {
            JvmReport r = release(f);
            complete &= r.problem() == null && r.sessions().stream().allMatch(l -> l.result().equals(RELEASED));
            reports.add(r);
        }
        print(reports);
        return complete ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    private static JvmReport release(GuardedJvms.Found f) {
        if (f.state() != GuardedJvms.State.RUNNING) {
            return notReleased(f, f.problem());
        }
        StatusReply.JvmSessions after;
        try {
            after = ControlClient.release(f.socket());
        } catch (IOException e) {
            return notReleased(f, "its control socket did not answer (" + e.getMessage() + ")");
        }
        Set<String> stillHeld = new HashSet<>();
        for (StatusReply.Listed s : after.sessions()) {
            stillHeld.add(s.sessionId());
        }
        List<JvmReport.Line> lines = new ArrayList<>();
        int released = 0;
        for (StatusReply.Listed s : f.sessions()) {
            boolean held = stillHeld.contains(s.sessionId());
            lines.add(new JvmReport.Line(s, held ? NOT_RELEASED : RELEASED, held ? "still held" : null));
            released += held ? 0 : 1;
        }
        String headline = "released " + released + " of " + Text.sessions(lines.size()) + "; it keeps running";
        return new JvmReport(after.jvm(), f.state().word, after.watchdogPid(), headline, null, lines);
    }

    private static JvmReport notReleased(GuardedJvms.Found f, String problem) {
        List<JvmReport.Line> lines = new ArrayList<>();
        for (StatusReply.Listed s : f.sessions()) {
            lines.add(new JvmReport.Line(s, NOT_RELEASED, null));
        }
        return new JvmReport(f.jvm(), f.state().word, f.watchdogPid(),
                "released nothing: " + problem + "; " + Text.sessions(lines.size()) + " as its journal recorded them",
                problem, lines);
    }
}
