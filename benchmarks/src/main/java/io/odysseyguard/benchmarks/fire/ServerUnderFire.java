package io.odysseyguard.benchmarks.fire;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local server under fire: a seeded, bounded run against a real {@link LocalOdysseyServer} on loopback. Bad
 * inputs (REST requests and signaling sockets, {@link FuzzPhase}), sessions churned at the limit by concurrent clients
 * ({@link SessionChurn}), slow clients ({@link SlowClients}), and a final check that nothing leaked ({@link FinalCheck}).
 * After every batch the {@link Checkpoint} checks that the server still serves, that its counts are the truth and that
 * no secret reached its log. Prints the seed first and every failure count at the end; exits 1 on any failure.
 *
 * <pre>{@code java -cp ... io.odysseyguard.benchmarks.fire.ServerUnderFire [--seed N] [--requests N] [--sessions N]}</pre>
 */
public final class ServerUnderFire {

    /** Short, so that tokens kept from earlier in the run are expired ones to send; long enough for any connect. */
    static final Duration SESSION_TOKEN_TTL = Duration.ofSeconds(3);
    /** Threads sending bad inputs at once. */
    static final int FUZZ_THREADS = 4;
    /** Clients racing for the limit's slots: more than the limit. */
    static final int CHURN_EXTRA_CLIENTS = 4;

    /** What a run found: its figures and the failure tally. */
    public record Report(long seed, long inputs, long sessionsChurned, long refusedAtLimit, long slowClients,
                         long checks, long settledLate, long logLines, Duration runTime, Failures failures,
                         Map<String, Map<String, Long>> answers) {
        public boolean clean() {
            return failures.total() == 0;
        }
    }

    private ServerUnderFire() {
    }

    public static void main(String[] args) throws Exception {
        FireOptions options;
        try {
            options = FireOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options, System.out);
        System.exit(report.clean() ? 0 : 1);
    }

    /** Runs the whole thing, printing the seed first and the report last to {@code out}. */
    public static Report run(FireOptions options, PrintStream out) throws Exception {
        out.println("seed " + options.seed() + " (reproduce with --seed " + options.seed() + ")");
        out.flush();
        // The server's own INFO lines (and our debug ones) are what the secret scan reads.
        System.setProperty("org.slf4j.simpleLogger.log.io.odysseyguard", "debug");
        long started = System.nanoTime();
        Failures failures = new Failures();
        SecretWatch secrets = new SecretWatch();
        SessionLedger ledger = new SessionLedger();
        ExecutorService threads = Executors.newCachedThreadPool(daemon("fire"));
        ExecutorService fuzzSenders = Executors.newFixedThreadPool(FUZZ_THREADS, daemon("fire-fuzz"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(options.bound()).executor(threads).build();
        ServerConfig config = ServerConfig.defaults().with(c -> {
            c.concurrencyLimit = options.limit();
            c.apiKeys = List.of(FireContext.FUZZ_KEY, FireContext.FOREIGN_KEY, FireContext.CHURN_KEY);
            c.sessionTokenTtl = SESSION_TOKEN_TTL;
            // No session may end on its own during the run: every close is one the harness made and counted.
            c.heartbeatTimeout = Duration.ofHours(1);
            c.connectTimeout = Duration.ofHours(1);
            c.idleTimeout = Duration.ofHours(1);
            c.streamLimit = Duration.ofHours(1);
            c.connectionLimit = Duration.ofHours(2);
        });
        Report report;
        try (ServerLog log = ServerLog.capture(options.echoServerLog());
             LocalOdysseyServer server = LocalOdysseyServer.start(config)) {
            WellBehavedClient client = new WellBehavedClient(http, server.baseUrl(), options.bound(), secrets, ledger);
            FireContext context = new FireContext(server.port(), options.bound(), SESSION_TOKEN_TTL, failures, secrets,
                    ledger, client);
            Checkpoint checkpoint = new Checkpoint(context, log);
            checkpoint.check("before the first input");

            out.println("bad inputs: " + options.requests() + " ...");
            long inputs = new FuzzPhase(context, checkpoint, fuzzSenders).run(options.seed(), options.requests());
            out.println("sessions churned at the limit of " + options.limit() + ": " + options.sessions() + " ...");
            SessionChurn churn = new SessionChurn(context, checkpoint, threads, http, options.limit(),
                    options.limit() + CHURN_EXTRA_CLIENTS);
            long churned = churn.run(options.seed(), options.sessions());
            out.println("slow clients ...");
            int slow = new SlowClients(context, checkpoint, threads).run(options.seed(), 24, 16, 3);
            new FinalCheck(context, checkpoint).run(churn.clients(), options.limit());

            if (!log.contains("session ", " requested")) {
                // A clean scan of a log that was never captured would prove nothing.
                failures.record(FailureKind.SECRET_IN_LOG, "the server's log was not captured: nothing was scanned");
            }
            report = new Report(options.seed(), inputs, churned, churn.refusedAtLimit(), slow, checkpoint.checks(),
                    checkpoint.settledLate(), checkpoint.logLinesScanned(),
                    Duration.ofNanos(System.nanoTime() - started), failures, context.answers.tally());
        } finally {
            fuzzSenders.shutdownNow();
            threads.shutdownNow();
        }
        print(report, options, out);
        return report;
    }

    static void print(Report report, FireOptions options, PrintStream out) {
        out.println();
        out.println("== the local server under fire: seed " + report.seed() + " ==");
        out.printf("machine: %d CPUs, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
        out.printf("bad inputs %d, sessions churned %d (clients refused at the limit of %d while racing: %d), "
                        + "slow clients %d%n", report.inputs(), report.sessionsChurned(), options.limit(),
                report.refusedAtLimit(), report.slowClients());
        out.printf("checks %d (of which %d matched only after a short wait), server log lines scanned %d%n",
                report.checks(), report.settledLate(), report.logLines());
        out.println("answers by category:");
        report.answers().forEach((category, answers) -> out.println("  " + category + ": " + answers));
        out.println("failures (goal 0 each):");
        for (FailureKind kind : FailureKind.values()) {
            long count = report.failures().count(kind);
            out.printf("  %-22s %d%s%n", kind.name().toLowerCase(java.util.Locale.ROOT), count,
                    count == 0 ? "" : "   <- " + kind.meaning());
            for (String example : report.failures().examples(kind)) {
                out.println("      e.g. " + example);
            }
        }
        out.printf("run time %.1f s; %s%n", report.runTime().toMillis() / 1000.0,
                report.clean() ? "PASSED: every count is 0" : "FAILED: " + report.failures().total() + " failures");
        out.flush();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
