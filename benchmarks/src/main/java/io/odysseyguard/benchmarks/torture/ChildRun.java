package io.odysseyguard.benchmarks.torture;

import io.odysseyguard.benchmarks.torture.Tally.Fact;
import io.odysseyguard.benchmarks.torture.Tally.Failure;
import io.odysseyguard.benchmarks.torture.child.TortureChild;
import io.odysseyguard.benchmarks.torture.gen.FaultyConnection;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ClassPath;
import io.odysseyguard.testsupport.FaultProxy;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one child JVM's plan against the local server, through a {@link FaultProxy} of its own, and checks each of its
 * lifecycles when it has ended: against the server's {@code /usage}, the child's own lines, the guard's lines, the
 * watchdog's log and the processes. Every wait is bounded; whatever is left of the child is killed at the end.
 */
final class ChildRun {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern RELEASED = Pattern.compile("^odyssey-guard: released (\\d+)(?: of (\\d+))? ");
    private static final Pattern REAPED = Pattern.compile("^odyssey-guard: closed (\\d+) of (\\d+) Odyssey sessions? left open by pid");
    private static final Pattern WATCHDOG_CLOSED = Pattern.compile("; (\\p{XDigit}{8}) closed");
    private static final String FAULTY_CLASS = FaultyConnection.class.getName();

    private final TortureOptions options;
    private final LocalOdysseyServer server;
    private final Path stateHome;
    private final Path generationClasses;
    private final Tally tally;
    /** Sessions already counted as orphaned (by any cycle): each is counted once. */
    private final Set<String> counted;
    private final ChildOutput output = new ChildOutput();
    /** Sessions of discarded generations the JVM still held after their settle bound. */
    private final Set<String> outlived = new HashSet<>();
    private ChildJvm child;
    private PrintWriter commands;
    private int sequence;
    private int cycle;
    private final int totalCycles;

    ChildRun(TortureOptions options, LocalOdysseyServer server, Path stateHome, Path generationClasses, Tally tally,
             Set<String> counted, int firstCycle) {
        this.options = options;
        this.server = server;
        this.stateHome = stateHome;
        this.generationClasses = generationClasses;
        this.tally = tally;
        this.counted = counted;
        this.cycle = firstCycle;
        this.totalCycles = options.cycles();
    }

    void run(JvmPlan plan, Path outDir) throws IOException {
        tally.jvm();
        List<Lifecycle> lifecycles = plan.lifecycles();
        int ran = 0;
        List<ProcessHandle> descendants = new ArrayList<>();
        try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
             ServerSocket control = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            control.setSoTimeout(60_000);
            child = ChildJvm.builder()
                    .jvmOptions("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto")
                    .agent(options.agent(), options.agentArguments(FaultyConnection.TARGET))
                    .classPath(ClassPath.ofThisJvm())
                    .main(TortureChild.class.getName(), Integer.toString(control.getLocalPort()),
                            "http://127.0.0.1:" + proxy.port(), generationClasses.toString(),
                            plan.devtools() ? "devtools" : "plain")
                    .env("XDG_STATE_HOME", stateHome.toString())
                    .outputDirectory(outDir)
                    .start();
            try (Socket link = control.accept()) {
                commands = new PrintWriter(new OutputStreamWriter(link.getOutputStream(), StandardCharsets.UTF_8), true);
                child.awaitLine("ready", COMMAND_TIMEOUT);
                ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
                long[] exitedAt = {0};
                CompletableFuture<Void> exited = handle.onExit().thenRun(() -> exitedAt[0] = System.nanoTime());

                Lifecycle first = lifecycles.get(0);
                command("gen " + spec(first));
                for (int i = 0; i < lifecycles.size() - 1; i++) {
                    Lifecycle l = lifecycles.get(i);
                    Lifecycle next = lifecycles.get(i + 1);
                    tally.cycle(l);
                    ran++;
                    String race = l.fault() == Fault.CONNECT_RACE ? " race-connect " + l.raceMillis()
                            : l.fault() == Fault.DISCONNECT_RACE ? " race-disconnect" : "";
                    long t0 = System.nanoTime();
                    fault(proxy, l);
                    command(plan.devtools() ? "restart " + next.generation() + race : "end " + l.generation() + race);
                    checkGeneration(l, t0, outDir);
                    proxy.awaitFaultOver(); // the next generation's connects are not this cycle's
                    command((plan.devtools() ? "open " : "gen ") + spec(next));
                }

                Lifecycle last = lifecycles.get(lifecycles.size() - 1);
                tally.cycle(last);
                ran++;
                if (last.fault() == Fault.CONNECT_RACE) {
                    command("race-connect");
                    Thread.sleep(last.raceMillis() % 60);
                } else if (last.fault() == Fault.DISCONNECT_RACE) {
                    command("race-disconnect");
                }
                handle.descendants().forEach(descendants::add);
                long t0 = System.nanoTime();
                fault(proxy, last);
                switch (last.trigger()) {
                    case EXIT_NORMAL -> commands.println("exit normal");
                    case SYSTEM_EXIT -> commands.println("exit system");
                    case SIGTERM -> child.signal(ChildJvm.Signal.TERM);
                    case SIGINT -> child.signal(ChildJvm.Signal.INT);
                    case SIGKILL -> child.signal(ChildJvm.Signal.KILL);
                    default -> throw new IllegalStateException("not a JVM end: " + last.trigger());
                }
                long budget = options.exitBudget().plus(options.exitSlack()).toMillis();
                try {
                    exited.get(budget, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (last.trigger() != Trigger.SIGKILL) {
                        tally.fail(Failure.PAST_BUDGET, where(last, outDir) + ": still running " + budget
                                + " ms after the trigger");
                    }
                    exited.get(30, TimeUnit.SECONDS);
                }
                long exitMillis = (exitedAt[0] - t0) / 1_000_000;
                if (exitMillis > budget && last.trigger() != Trigger.SIGKILL) {
                    tally.fail(Failure.PAST_BUDGET, where(last, outDir) + ": exited " + exitMillis + " ms after the trigger");
                }
                int status = child.awaitExit(Duration.ofSeconds(5));
                int expected = switch (last.trigger()) {
                    case SIGTERM -> 143;
                    case SIGINT -> 130;
                    case SIGKILL -> 137;
                    default -> 0;
                };
                if (status != expected) {
                    tally.fail(Failure.NOT_RUN, where(last, outDir) + ": exit status " + status + ", expected " + expected);
                }
                checkJvmEnd(last, exitedAt[0], descendants, outDir);
                System.out.printf("  [%d/%d] %s: exited in %d ms%n", cycle, totalCycles, last, exitMillis);
                cycle++;
            }
        } catch (Exception | AssertionError e) {
            tally.fail(Failure.NOT_RUN, "cycle " + cycle + " (" + (lifecycles.size() - ran) + " of its JVM's lifecycles not run) in "
                    + outDir + ": " + e.toString().lines().findFirst().orElse(""));
            for (int i = ran; i < lifecycles.size(); i++) {
                tally.cycle(lifecycles.get(i));
            }
        } finally {
            if (child != null) {
                child.stop(ChildJvm.Signal.KILL, Duration.ofSeconds(10));
                ProcessHandle.of(child.pid()).ifPresent(h -> h.descendants().forEach(descendants::add));
            }
            for (ProcessHandle p : descendants) {
                p.destroyForcibly();
            }
        }
    }

    private static String spec(Lifecycle l) {
        return l.generation() + " " + l.connections() + " " + l.streams() + " " + l.fault().faultyConnection();
    }

    private void command(String line) {
        sequence++;
        commands.println(line);
        child.awaitLine(Pattern.compile("^done " + sequence + "$"), COMMAND_TIMEOUT);
    }

    private static void fault(FaultProxy proxy, Lifecycle l) {
        switch (l.fault()) {
            case SERVER_SLOW -> proxy.fault(FaultProxy.Mode.SLOW, l.faultMillis());
            case SERVER_STALL -> proxy.fault(FaultProxy.Mode.STALL, l.faultMillis());
            case SERVER_DOWN -> proxy.fault(FaultProxy.Mode.DOWN, l.faultMillis());
            default -> {
            }
        }
    }

    private String where(Lifecycle l, Path outDir) {
        return "cycle " + cycle + " " + l + " in " + outDir;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** A discarded generation: its sessions closed within the settle bound (or still held by the JVM: counted apart). */
    private void checkGeneration(Lifecycle l, long t0, Path outDir) throws InterruptedException {
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
        System.out.printf("  [%d/%d] %s: %s%n", cycle, totalCycles, l, open.isEmpty() ? "all closed" : open.size() + " open");
        cycle++;
    }

    /** The JVM's end: every session it opened closed within the settle bound after its exit. */
    private void checkJvmEnd(Lifecycle l, long exitedAt, List<ProcessHandle> descendants, Path outDir)
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

    private int releasedByReport;

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
        Map<String, Integer> closed = new java.util.HashMap<>();
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
}
