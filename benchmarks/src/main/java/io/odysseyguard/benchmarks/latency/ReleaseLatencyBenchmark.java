package io.odysseyguard.benchmarks.latency;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How long after a trigger the server has freed the slots of a guarded JVM's open Odyssey connections, timed with the
 * server's own close times ({@code closedAt} of each session, {@link Instant} with microseconds on Linux) against the
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
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** After the journal lists every session: the watchdog's start and the keeper's write have settled. */
    private static final long QUIET_MILLIS = 300;

    private final LocalOdysseyServer server;
    private final Path agent;
    private final String agentOptions;
    private final Path java;
    private final PrintWriter csv;

    private ReleaseLatencyBenchmark(LocalOdysseyServer server, Path agent, String agentOptions, Path java,
                                    PrintWriter csv) {
        this.server = server;
        this.agent = agent;
        this.agentOptions = agentOptions;
        this.java = java;
        this.csv = csv;
    }

    public static void main(String[] args) throws Exception {
        List<String> triggers = List.of("exit", "sigterm", "loader", "kill");
        int[] connections = {1, 10, 100};
        int[] runs = {30, 10, 5};
        int exitPairs = 10;
        Path agent = Path.of("agent/target/odyssey-guard-agent.jar");
        String agentOptions = null;
        Path java = null;
        Path csvFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--triggers" -> triggers = List.of(v.split(","));
                case "--connections" -> connections = ints(v);
                case "--runs" -> runs = ints(v);
                case "--exit-pairs" -> exitPairs = Integer.parseInt(v);
                case "--agent" -> agent = Path.of(v);
                case "--agent-options" -> agentOptions = v;
                case "--java" -> java = Path.of(v);
                case "--csv" -> csvFile = Path.of(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (runs.length != connections.length) {
            throw new IllegalArgumentException("--runs needs one count per --connections entry");
        }
        ServerConfig config = ServerConfig.defaults().with(c -> {
            c.port = 0;
            c.concurrencyLimit = 1000;
        });
        try (LocalOdysseyServer server = LocalOdysseyServer.start(config);
             PrintWriter csv = csvFile == null ? null : new PrintWriter(Files.newBufferedWriter(csvFile))) {
            if (csv != null) {
                csv.println("trigger,connections,run,session,latency_us");
            }
            ReleaseLatencyBenchmark bench = new ReleaseLatencyBenchmark(server, agent, agentOptions, java, csv);
            System.out.printf(Locale.ROOT, "child JVMs: %s; agent %s%s; %d CPUs; load average at start: %s%n",
                    java == null ? "this JVM's java (" + System.getProperty("java.version") + ")" : java,
                    agent, agentOptions == null ? "" : "=" + agentOptions,
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            bench.run("exit", 1, "exit"); // warm-up: the page cache, the server's JIT
            for (String trigger : triggers) {
                for (int k = 0; k < connections.length; k++) {
                    bench.measure(trigger, connections[k], runs[k]);
                }
            }
            if (exitPairs > 0) {
                bench.exitWallTime(100, exitPairs);
            }
            System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        }
    }

    private void measure(String trigger, int n, int runs) throws Exception {
        int failed = 0;
        List<Long> slowest = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<Long> closeReturned = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Run run = run(trigger, n, switch (trigger) {
                case "exit", "loader", "disconnect" -> trigger;
                default -> "wait";
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
            System.out.printf(Locale.ROOT, "%-8s %3d connection%s: every one of %d runs failed%n", trigger, n,
                    n == 1 ? " " : "s", runs);
            return;
        }
        System.out.printf(Locale.ROOT, "%-8s %3d connection%s, %2d runs%s: slot freed for all %s | per session (%d) %s%s%n",
                trigger, n, n == 1 ? " " : "s", runs - failed, failed == 0 ? "" : " (" + failed + " FAILED, not counted)",
                stats(slowest), all.size(), stats(all),
                closeReturned.isEmpty() ? "" : " | close() returned after " + stats(closeReturned));
    }

    /** JVM exit with {@code n} connections open, against the same JVM that closed them itself. */
    private void exitWallTime(int n, int pairs) throws Exception {
        List<Long> open = new ArrayList<>();
        List<Long> none = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
                boolean withOpen = (p + k) % 2 == 0;
                Run run = run("exit", n, withOpen ? "exit" : "exit-none");
                (withOpen ? open : none).add(run.exitMicros());
            }
        }
        List<Long> bare = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            bare.add(run("exit", n, "exit-none", false).exitMicros());
        }
        double mOpen = median(open) / 1000.0;
        double mNone = median(none) / 1000.0;
        double budget = 1.1 * mNone + 250;
        System.out.printf(Locale.ROOT, "JVM exit (System.exit to process end), %d pairs: %d open %s | none open %s%n",
                pairs, n, stats(open), stats(none));
        System.out.printf(Locale.ROOT, "  the same JVM without the agent, none open: %s%n", stats(bare));
        System.out.printf(Locale.ROOT, "  medians %.1f ms vs %.1f ms: ratio %.2f, +%.1f ms; goal <= 1.1x + 250 ms = %.1f ms: %s%n",
                mOpen, mNone, mOpen / mNone, mOpen - mNone, budget, mOpen <= budget ? "met" : "MISSED");
    }

    private record Run(List<Long> latenciesMicros, long exitMicros, long closeReturnedMicros) {
    }

    private Run run(String trigger, int n, String mode) throws Exception {
        return run(trigger, n, mode, true);
    }

    private Run run(String trigger, int n, String mode, boolean guarded) throws Exception {
        Path home = Files.createTempDirectory(Path.of("/tmp"), "oglat-");
        Path go = home.resolve("go");
        boolean keep = false;
        String apiKey = "ody_latency_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        ChildJvmBuilder builder = ChildJvm.builder().classPath(ClassPath.ofThisJvm())
                .main(LatencyApp.class.getName(), server.baseUrl(), Integer.toString(n), mode, go.toString())
                .env("XDG_STATE_HOME", home.toString()).env("ODYSSEY_API_KEY", apiKey);
        if (guarded) {
            builder.agent(agent, agentOptions);
        }
        if (java != null) {
            builder.java(java);
        }
        try (ChildJvm child = builder.start()) {
            child.awaitLine("ready", START);
            List<String> ids = child.stdout().lines().filter(l -> l.startsWith("session="))
                    .map(l -> l.substring("session=".length())).toList();
            if (ids.size() != n) {
                throw new IllegalStateException("expected " + n + " sessions" + child.describe());
            }
            if (guarded) {
                awaitJournal(home.resolve("odyssey-guard"), child.pid(), n, child);
            }
            Thread.sleep(QUIET_MILLIS);
            Optional<ProcessHandle> watchdog = ProcessHandle.of(child.pid()).flatMap(p -> p.children()
                    .filter(c -> c.info().commandLine().orElse("").contains("Watchdog")).findFirst());

            Instant trigger0 = null;
            switch (trigger) {
                case "sigterm" -> {
                    trigger0 = Instant.now();
                    child.signal(ChildJvm.Signal.TERM);
                }
                case "kill" -> {
                    trigger0 = Instant.now();
                    child.signal(ChildJvm.Signal.KILL);
                }
                default -> Files.createFile(go);
            }
            child.awaitExit(START);
            Instant ended = Instant.now();
            if (trigger0 == null) {
                trigger0 = Instant.parse(line(child, "trigger="));
            }
            long closeReturned = -1;
            if (mode.equals("loader")) {
                closeReturned = micros(trigger0, Instant.parse(line(child, "close-returned=")));
            }
            List<Long> latencies;
            try {
                latencies = mode.equals("exit-none") ? List.of() : awaitClosed(ids, trigger0, child);
            } catch (IllegalStateException e) {
                keep = true;
                System.out.printf(Locale.ROOT, "  FAILED (%s, %d connections): %s; its state directory is kept: %s%n",
                        trigger, n, e.getMessage().lines().findFirst().orElse(""), home);
                return new Run(List.of(), micros(trigger0, ended), closeReturned);
            }
            watchdog.ifPresent(w -> w.onExit().orTimeout(SETTLE.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> null).join());
            if (!child.stderr().isBlank() && !child.stderr().lines().allMatch(l -> l.contains("released "))) {
                System.out.println("  (child's stderr: " + child.stderr().strip().replace('\n', ' ') + ")");
            }
            return new Run(latencies, micros(trigger0, ended), closeReturned);
        } finally {
            if (!keep) {
                deleteTree(home);
            }
        }
    }

    /** Polls {@code /usage} until every session is closed; their latencies from {@code trigger}, in microseconds. */
    private List<Long> awaitClosed(List<String> ids, Instant trigger, ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Usage usage = server.usage();
            Map<String, Usage.SessionInfo> byId = new LinkedHashMap<>();
            for (Usage.SessionInfo s : usage.sessions()) {
                byId.put(s.sessionId(), s);
            }
            List<Long> latencies = new ArrayList<>(ids.size());
            boolean allClosed = true;
            for (String id : ids) {
                Usage.SessionInfo s = byId.get(id);
                if (s == null || s.closedAt() == null) {
                    allClosed = false;
                    break;
                }
                if (s.closeReason() != CloseReason.CLIENT_DISCONNECT) {
                    throw new IllegalStateException("session closed by " + s.closeReason() + child.describe());
                }
                latencies.add(micros(trigger, s.closedAt()));
            }
            if (allClosed) {
                return latencies;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every session was closed within " + SETTLE + child.describe());
            }
            Thread.sleep(5);
        }
    }

    private static void awaitJournal(Path stateDir, long pid, int sessions, ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (journalSessions(stateDir, pid) != sessions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the journal did not list " + sessions + " sessions" + child.describe());
            }
            Thread.sleep(10);
        }
    }

    private static int journalSessions(Path stateDir, long pid) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            return -1;
        }
        Path journal;
        try (Stream<Path> files = Files.list(stateDir)) {
            journal = files.filter(f -> f.getFileName().toString().startsWith("jvm-" + pid + "-")
                    && f.getFileName().toString().endsWith(".journal")).findFirst().orElse(null);
        }
        if (journal == null) {
            return -1;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(journal)) {
            p.load(in);
        } catch (IOException e) {
            return -1; // being replaced
        }
        return Integer.parseInt(p.getProperty("sessions", "-1"));
    }

    private static String line(ChildJvm child, String prefix) {
        return child.stdout().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + child.describe()));
    }

    private static long micros(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() * 1_000_000 + d.getNano() / 1_000;
    }

    /** p50 / p99 (nearest rank), min-max, in milliseconds. */
    private static String stats(List<Long> micros) {
        long[] s = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (min %.1f, max %.1f)", rank(s, 0.50) / 1000.0,
                rank(s, 0.99) / 1000.0, s[0] / 1000.0, s[s.length - 1] / 1000.0);
    }

    private static long rank(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double median(List<Long> values) {
        long[] s = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind in /tmp
        }
    }
}
