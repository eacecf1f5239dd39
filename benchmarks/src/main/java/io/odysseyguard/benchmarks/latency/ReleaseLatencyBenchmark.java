package io.odysseyguard.benchmarks.latency;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long after a trigger the server has freed the slots of a guarded JVM's open Odyssey connections, timed with the
 * server's own close times ({@code closedAt} of each session, {@link java.time.Instant} with microseconds on Linux) against the
 * trigger's time recorded on the same machine's clock:
 * <ul>
 *   <li>{@code exit}: the application calls {@code System.exit(0)} (time recorded right before the call);</li>
 *   <li>{@code sigterm}: the harness sends SIGTERM (time recorded right before the signal);</li>
 *   <li>{@code loader}: the application calls {@code URLClassLoader.close()} on the loader that opened them (time
 *       recorded right before the call);</li>
 *   <li>{@code kill}: the harness sends SIGKILL (time recorded right before); the watchdog closes the sessions;</li>
 *   <li>{@code disconnect}, the reference: the application's own {@code disconnect()} of each connection, one after
 *       the other (time recorded right before the first).</li>
 * </ul>
 * Each run is a fresh child JVM with {@code -javaagent:<agent>} ({@link LatencyApp}) against a local server in this
 * JVM. Before the trigger the harness waits until the guard's journal lists every session (the background work of
 * the first connection has settled) and a little longer. Per trigger and number of connections it prints the
 * latency of the slowest session of each run ("slot freed for all") and of every session: p50, p99 (nearest rank),
 * min, max. With {@code --exit-pairs N} it also times JVM exit, from {@code System.exit} to the process's end as this
 * JVM sees it, with 100 connections open against the same JVM that closed them itself, in alternating pairs, and
 * the latter without the agent.
 *
 * <pre>
 * ReleaseLatencyBenchmark [--triggers exit,sigterm,loader,kill] [--connections 1,10,100] [--runs 30,10,5]
 *                         [--exit-pairs 10] [--agent agent/target/odyssey-guard-agent.jar] [--agent-options ...]
 *                         [--java /path/to/bin/java] [--csv file]
 * </pre>
 */
public final class ReleaseLatencyBenchmark {

    private final LatencyRunner runner;
    private final PrintWriter csv;

    private ReleaseLatencyBenchmark(LocalOdysseyServer server, LatencyOptions options, PrintWriter csv) {
        this.runner = new LatencyRunner(server, options.agent(), options.agentOptions(), options.java());
        this.csv = csv;
    }

    public static void main(String[] args) throws Exception {
        LatencyOptions options = LatencyOptions.parse(args);
        ServerConfig config = ServerConfig.defaults().with(c -> {
            c.port = 0;
            c.concurrencyLimit = 1000;
        });
        try (LocalOdysseyServer server = LocalOdysseyServer.start(config);
             PrintWriter csv = options.csvFile() == null ? null
                     : new PrintWriter(Files.newBufferedWriter(options.csvFile()))) {
            if (csv != null) {
                csv.println("trigger,connections,run,session,latency_us");
            }
            ReleaseLatencyBenchmark bench = new ReleaseLatencyBenchmark(server, options, csv);
            LatencyReport.start(options);
            bench.runner.run("exit", 1, "exit"); // warm-up: the page cache, the server's JIT
            for (String trigger : options.triggers()) {
                for (int k = 0; k < options.connections().length; k++) {
                    bench.measure(trigger, options.connections()[k], options.runs()[k]);
                }
            }
            if (options.exitPairs() > 0) {
                bench.exitWallTime(100, options.exitPairs());
            }
            LatencyReport.end();
        }
    }

    /** {@code runs} runs of the trigger with {@code n} connections; a run that failed is reported, not counted. */
    private void measure(String trigger, int n, int runs) throws Exception {
        int failed = 0;
        List<Long> slowest = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<Long> closeReturned = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            LatencyRunner.Run run = runner.run(trigger, n, switch (trigger) {
                case "exit", "loader", "disconnect" -> trigger;
                default -> "wait"; // the harness signals the child, which waits for it
            });
            if (run.latenciesMicros().size() < n) {
                failed++;
                continue;
            }
            slowest.add(run.latenciesMicros().stream().max(Long::compare).orElseThrow());
            all.addAll(run.latenciesMicros());
            if (run.closeReturnedMicros() >= 0) {
                closeReturned.add(run.closeReturnedMicros());
            }
            if (csv != null) {
                for (int s = 0; s < run.latenciesMicros().size(); s++) {
                    csv.printf(Locale.ROOT, "%s,%d,%d,%d,%d%n", trigger, n, r, s, run.latenciesMicros().get(s));
                }
                csv.flush();
            }
        }
        if (slowest.isEmpty()) {
            LatencyReport.everyRunFailed(trigger, n, runs);
            return;
        }
        LatencyReport.trigger(trigger, n, runs, failed, slowest, all, closeReturned);
    }

    /**
     * JVM exit with {@code n} connections open, against the same JVM that closed them itself: in pairs whose order
     * alternates (so a machine growing busier weighs on both), then the latter without the agent.
     */
    private void exitWallTime(int n, int pairs) throws Exception {
        List<Long> open = new ArrayList<>();
        List<Long> none = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                boolean withOpen = (p + k) % 2 == 0;
                LatencyRunner.Run run = runner.run("exit", n, withOpen ? "exit" : "exit-none");
                (withOpen ? open : none).add(run.exitMicros());
            }
        }
        List<Long> bare = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            bare.add(runner.run("exit", n, "exit-none", false).exitMicros());
        }
        LatencyReport.exitWallTime(n, pairs, open, none, bare);
    }
}
