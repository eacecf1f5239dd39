package io.odysseyguard.benchmarks.torture;

import io.odysseyguard.benchmarks.torture.Tally.Fact;
import io.odysseyguard.benchmarks.torture.Tally.Failure;
import io.odysseyguard.benchmarks.torture.gen.FaultyConnection;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.testsupport.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of one child JVM's lifecycles, each when it has ended: against the server's {@code /usage}, the child's
 * own lines (who closed each session, what each careful generation's cleanup said), the guard's lines, the watchdog's
 * log and the processes. Counts into the run's {@link Tally}; every wait is bounded.
 */
final class LifecycleChecks {
    private static final Pattern RELEASED = Pattern.compile("^odyssey-guard: released (\\d+)(?: of (\\d+))? ");
    private static final Pattern REAPED = Pattern.compile("^odyssey-guard: closed (\\d+) of (\\d+) Odyssey sessions? left open by pid");
    private static final Pattern WATCHDOG_CLOSED = Pattern.compile("; (\\p{XDigit}{8}) closed");
    private static final String FAULTY_CLASS = FaultyConnection.class.getName();

    private final TortureOptions options;
    private final LocalOdysseyServer server;
    private final Path stateHome;
    private final Tally tally;
    /** Sessions already counted as orphaned (by any cycle): each is counted once. */
    private final Set<String> counted;
    private final ChildJvm child;
    private final ChildOutput output = new ChildOutput();
    /** Sessions of discarded generations the JVM still held after their settle bound. */
    private final Set<String> outlived = new HashSet<>();
    private int releasedByReport;
    private int cycle;
    private final int totalCycles;

    LifecycleChecks(TortureOptions options, LocalOdysseyServer server, Path stateHome, Tally tally, Set<String> counted,
                    ChildJvm child, int firstCycle) {
        this.options = options;
        this.server = server;
        this.stateHome = stateHome;
        this.tally = tally;
        this.counted = counted;
        this.child = child;
        this.cycle = firstCycle;
        this.totalCycles = options.cycles();
    }

    /** Where a failure happened: the cycle, the lifecycle, the child's output directory. */
    String where(Lifecycle l, Path outDir) {
        return "cycle " + cycle + " " + l + " in " + outDir;
    }

    /** The cycle the next check is about, for the run's messages; {@link #ended} moves on to the next. */
    int cycle() {
        return cycle;
    }

    /** The JVM's end was checked: the next cycle (if any) belongs to the next JVM. */
    void ended() {
        cycle++;
    }

    int totalCycles() {
        return totalCycles;
    }

    /** A discarded generation: its sessions closed within the settle bound (or still held by the JVM: counted apart). */
    void checkGeneration(Lifecycle l, long t0, Path outDir) throws InterruptedException {
        readChild(l, outDir);
        Function<ChildOutput.Session, Boolean> mine = s -> s.generation.equals(l.generation());
        Map<String, Usage.SessionInfo> open = settle(t0, mine, false);
        for (String id : open.keySet()) {
            ChildOutput.Session s = output.sessions.get(id);
            Usage.SessionInfo info = open.get(id);
            if (s != null && info.state() == SessionState.CONNECTED && child.isAlive() && s.closers.isEmpty() && !s.lost) {
                if (outlived.add(id)) {
                    tally.fact(Fact.OUTLIVED_GENERATION, 1);
                }
            } else if (counted.add(id)) {
                tally.fail(Failure.ORPHANED, where(l, outDir) + ": session " + id + " " + info.state()
                        + " at the server " + options.settle().toSeconds() + " s after the trigger"
                        + (s == null ? " (never reported connected by the child)" : ""));
            }
        }
        checkCleanup(l, outDir);
        System.out.printf("  [%d/%d] %s: %s%n", cycle, totalCycles, l, open.isEmpty() ? "all closed" : open.size() + " open");
        cycle++;
    }

    /** The JVM's end: every session it opened closed within the settle bound after its exit. */
    void checkJvmEnd(Lifecycle l, long exitedAt, List<ProcessHandle> descendants, Path outDir)
            throws InterruptedException, IOException {
        readChild(l, outDir);
        Map<String, Usage.SessionInfo> open = settle(exitedAt, s -> true, true);
        for (Map.Entry<String, Usage.SessionInfo> e : open.entrySet()) {
            if (counted.add(e.getKey())) {
                ChildOutput.Session s = output.sessions.get(e.getKey());
                tally.fail(Failure.ORPHANED, where(l, outDir) + ": session " + e.getKey() + " " + e.getValue().state()
                        + " at the server " + options.settle().toSeconds() + " s after the JVM exited"
                        + (s == null ? " (never reported connected by the child)" : s.lost ? " (its socket was lost)" : ""));
            }
        }
        // its watchdog ends once it has closed what it remembered (or on the goodbye)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle p : descendants) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (p.isAlive()) {
                tally.fail(Failure.LEFTOVER_PROCESS, where(l, outDir) + ": pid " + p.pid() + " "
                        + p.info().commandLine().orElse("?") + " still running after the settle bound");
                p.destroyForcibly();
            }
        }
        // who closed what: the child's listener lines, and the watchdog's log lines about this JVM
        Map<String, Integer> watchdogClosed = watchdogClosed(child.pid());
        int byGuard = 0;
        int byApp = 0;
        for (ChildOutput.Session s : output.sessions.values()) {
            int watchdog = watchdogClosed.getOrDefault(s.id.substring(0, 8), 0);
            tally.fact(Fact.CLOSED_BY_WATCHDOG, watchdog);
            byGuard += (int) s.closers.stream().filter("guard"::equals).count();
            byApp += (int) s.closers.stream().filter("app"::equals).count();
            if (s.lost) {
                tally.fact(Fact.LOST_BY_NETWORK, 1);
            }
            if (s.closers.size() + watchdog > 1) {
                tally.fail(Failure.RELEASED_TWICE, where(l, outDir) + ": session " + s.id + " closed by "
                        + s.closers + (watchdog > 0 ? " and the watchdog (" + watchdog + "x)" : ""));
            }
        }
        checkCleanup(l, outDir);
        tally.fact(Fact.SESSIONS, output.sessions.size());
        tally.fact(Fact.CLOSED_BY_GUARD, byGuard);
        tally.fact(Fact.CLOSED_BY_APP, byApp);
        if (releasedByReport > byGuard) {
            // not a second close (the client closes a session once): the guard's disconnect() returned, but the session
            // had ended otherwise (the application's racing disconnect won, or the network fault had ended its socket)
            tally.fact(Fact.REPORTED_NOT_CLOSED, releasedByReport - byGuard);
            System.out.println("  (the guard's lines report " + releasedByReport + " released; its release threads closed "
                    + byGuard + " sessions, the application " + byApp + ")");
        }
    }

    /** The child's new lines: exceptions into the application, the guard's report lines. */
    private void readChild(Lifecycle l, Path outDir) {
        for (String e : output.readStdout(child.stdout())) {
            boolean guardFrame = e.contains("io.odysseyguard.guard.") || e.contains("io.odysseyguard.agent.")
                    || e.contains("io.odysseyguard.hardstop.");
            String[] w = e.split(" ");
            if (!guardFrame && w[1].startsWith("race-connect") && w[2].startsWith("io.odysseyguard.client.")) {
                tally.fact(Fact.CLIENT_ERRORS, 1);
                System.out.println("  (client error of a racing connect: " + w[2] + ")");
            } else {
                tally.fail(Failure.APP_EXCEPTION, where(l, outDir) + ": " + e);
            }
        }
        for (String line : output.readGuardLines(child.stderr())) {
            Matcher released = RELEASED.matcher(line);
            Matcher reaped = REAPED.matcher(line);
            if (released.find()) {
                releasedByReport += Integer.parseInt(released.group(1));
                int notReleasedFine = 0;
                int i = line.indexOf("; not released: ");
                if (i >= 0) {
                    for (String entry : line.substring(i + "; not released: ".length()).split("; ")) {
                        if (entry.startsWith(FAULTY_CLASS + " ") && (entry.contains("(close threw java.lang.IllegalStateException)")
                                || entry.contains("(close did not return within "))) {
                            notReleasedFine++;
                        } else {
                            tally.fail(Failure.BAD_REPORT, where(l, outDir) + ": not released: " + entry);
                        }
                    }
                }
                tally.fact(Fact.FAULTY_NOT_RELEASED, notReleasedFine);
            } else if (reaped.find()) {
                tally.fact(Fact.CLOSED_BY_REAPER, Integer.parseInt(reaped.group(1)));
            } else if (line.startsWith("odyssey-guard: warning")) {
                tally.fail(Failure.BAD_REPORT, where(l, outDir) + ": " + line);
            } else {
                System.out.println("  (guard: " + line + ")");
            }
        }
    }

    /**
     * Waits until every session the child reported that {@code which} accepts is closed at the server, and no session
     * the child never reported is open (a connect in flight when the JVM ended), or until the settle bound after
     * {@code from}. Returns what is still open of those (before the JVM ended, without the sessions that outlived their
     * generation: the JVM's end is their bound).
     */
    private Map<String, Usage.SessionInfo> settle(long from, Function<ChildOutput.Session, Boolean> which,
                                                  boolean jvmEnded) throws InterruptedException {
        long deadline = from + options.settle().toNanos();
        while (true) {
            output.readStdout(child.stdout()); // sessions reported meanwhile (their exceptions are read by readChild)
            Usage usage = server.usage();
            Map<String, Usage.SessionInfo> open = usage.sessions().stream()
                    .filter(s -> s.state().isOpen() && !counted.contains(s.sessionId()))
                    .filter(s -> {
                        ChildOutput.Session mine = output.sessions.get(s.sessionId());
                        return mine == null || which.apply(mine) && (jvmEnded || !outlived.contains(s.sessionId()));
                    })
                    .collect(Collectors.toMap(Usage.SessionInfo::sessionId, s -> s));
            if (open.isEmpty() || System.nanoTime() > deadline) {
                return open;
            }
            Thread.sleep(50);
        }
    }

    /** For each session (its first 8 characters) the watchdog of {@code pid} logged as closed: how often. */
    private Map<String, Integer> watchdogClosed(long pid) throws IOException {
        Path log = stateHome.resolve("odyssey-guard").resolve("watchdog.log");
        Map<String, Integer> closed = new HashMap<>();
        if (!Files.exists(log)) {
            return closed;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.contains("left open by pid " + pid + " ")) {
                Matcher m = WATCHDOG_CLOSED.matcher(line);
                while (m.find()) {
                    closed.merge(m.group(1), 1, Integer::sum);
                }
            }
        }
        return closed;
    }

    /**
     * A careful generation ({@link Lifecycle#cleanup()}): its own cleanup ran and found every client connected, and the
     * guard closed none of its sessions (the guard goes last: it releases only what the application left open).
     */
    private void checkCleanup(Lifecycle l, Path outDir) {
        if (l.cleanup() == Cleanup.NONE) {
            return;
        }
        String said = output.cleanups.get(l.generation());
        if (said == null || !said.startsWith("ok")) {
            tally.fail(Failure.CLEANUP_BROKEN, where(l, outDir) + ": its " + l.cleanup() + " cleanup "
                    + (said == null ? "never reported" : "said " + said));
        } else {
            tally.fact(Fact.CLEANUPS_RUN, 1);
        }
        for (ChildOutput.Session s : output.sessions.values()) {
            if (s.generation.equals(l.generation()) && s.closers.contains("guard")) {
                tally.fail(Failure.RELEASED_ALTHOUGH_APP_CLOSED, where(l, outDir) + ": session " + s.id
                        + " closed by the guard, although the generation's " + l.cleanup() + " cleanup closes it");
            }
        }
    }
}
