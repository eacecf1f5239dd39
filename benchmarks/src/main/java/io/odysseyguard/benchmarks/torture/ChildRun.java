package io.odysseyguard.benchmarks.torture;

import io.odysseyguard.benchmarks.torture.Tally.Failure;
import io.odysseyguard.benchmarks.torture.child.TortureChild;
import io.odysseyguard.benchmarks.torture.gen.FaultyConnection;
import io.odysseyguard.localserver.LocalOdysseyServer;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs one child JVM's plan against the local server, through a {@link FaultProxy} of its own, and has each of its
 * lifecycles checked when it has ended ({@link LifecycleChecks}). Every wait is bounded; whatever is left of the child
 * is killed at the end.
 */
final class ChildRun {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final TortureOptions options;
    private final LocalOdysseyServer server;
    private final Path stateHome;
    private final Path generationClasses;
    private final Tally tally;
    /** Sessions already counted as orphaned (by any cycle): each is counted once. */
    private final Set<String> counted;
    private final int firstCycle;
    private ChildJvm child;
    private LifecycleChecks checks;
    private PrintWriter commands;
    private int sequence;

    ChildRun(TortureOptions options, LocalOdysseyServer server, Path stateHome, Path generationClasses, Tally tally,
             Set<String> counted, int firstCycle) {
        this.options = options;
        this.server = server;
        this.stateHome = stateHome;
        this.generationClasses = generationClasses;
        this.tally = tally;
        this.counted = counted;
        this.firstCycle = firstCycle;
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
            checks = new LifecycleChecks(options, server, stateHome, tally, counted, child, firstCycle);
            try (Socket link = control.accept()) {
                commands = new PrintWriter(new OutputStreamWriter(link.getOutputStream(), StandardCharsets.UTF_8), true);
                child.awaitLine("ready", COMMAND_TIMEOUT);
                ProcessHandle handle = ProcessHandle.of(child.pid()).orElseThrow();
                long[] exitedAt = {0};
                CompletableFuture<Void> exited = handle.onExit().thenRun(() -> exitedAt[0] = System.nanoTime());

                Lifecycle first = lifecycles.get(0);
                command("gen " + first.spec());
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
                    checks.checkGeneration(l, t0, outDir);
                    proxy.awaitFaultOver(); // the next generation's connects are not this cycle's
                    command((plan.devtools() ? "open " : "gen ") + next.spec());
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
                        tally.fail(Failure.PAST_BUDGET, checks.where(last, outDir) + ": still running " + budget
                                + " ms after the trigger");
                    }
                    exited.get(30, TimeUnit.SECONDS);
                }
                long exitMillis = (exitedAt[0] - t0) / 1_000_000;
                if (exitMillis > budget && last.trigger() != Trigger.SIGKILL) {
                    tally.fail(Failure.PAST_BUDGET, checks.where(last, outDir) + ": exited " + exitMillis + " ms after the trigger");
                }
                int status = child.awaitExit(Duration.ofSeconds(5));
                int expected = switch (last.trigger()) {
                    case SIGTERM -> 143;
                    case SIGINT -> 130;
                    case SIGKILL -> 137;
                    default -> 0;
                };
                if (status != expected) {
                    tally.fail(Failure.NOT_RUN, checks.where(last, outDir) + ": exit status " + status + ", expected " + expected);
                }
                checks.checkJvmEnd(last, exitedAt[0], descendants, outDir);
                System.out.printf("  [%d/%d] %s: exited in %d ms%n", checks.cycle(), checks.totalCycles(), last,
                        exitMillis);
                checks.ended();
            }
        } catch (Exception | AssertionError e) {
            tally.fail(Failure.NOT_RUN, "cycle " + (checks == null ? firstCycle : checks.cycle()) + " (" + (lifecycles.size() - ran) + " of its JVM's lifecycles not run) in "
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
}
