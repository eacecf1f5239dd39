package io.odysseyguard.benchmarks.torture;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The torture run (issue 11): randomized lifecycles of real guarded child JVMs and of generations inside them, against
 * the local server, with faults; each lifecycle checked against the server's {@code /usage} when it has ended. Seeded,
 * bounded; prints the seed, the counts and the run time; exits 1 when any failure count is not 0. See
 * {@code benchmarks/README.md}, "The torture run".
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *     io.odysseyguard.benchmarks.torture.TortureRun --cycles 1000 [--seed N] ...
 * </pre>
 */
public final class TortureRun {
    private TortureRun() {
    }

    public static void main(String[] args) throws Exception {
        TortureOptions options;
        try {
            options = TortureOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Tally tally = run(options);
        System.exit(tally.failureCount() == 0 ? 0 : 1);
    }

    /** Runs {@code options.cycles()} lifecycles; prints as it goes and the summary at the end. */
    static Tally run(TortureOptions options) throws IOException {
        if (!Files.isRegularFile(options.agent())) {
            throw new IllegalStateException("no agent jar at " + options.agent()
                    + ": build it first (mvn -B -o -pl agent,benchmarks -am package -DskipTests)");
        }
        long start = System.nanoTime();
        System.out.println("torture run: seed " + options.seed() + ", " + options.cycles() + " lifecycles, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, java " + System.getProperty("java.version")
                + ", faults " + options.faults() + ", output in " + options.out());
        Path stateHome = Files.createDirectories(options.out().resolve("xdg"));
        Path generationClasses = copyGenerationClasses(options.out().resolve("generation-classes"));
        Tally tally = new Tally();
        Set<String> counted = new HashSet<>();
        Random random = new Random(options.seed());
        // Server time-outs far beyond any cycle: a session closed within the settle bound was closed by a client (the
        // application, the guard, its watchdog or reaper), never by the server reaping it.
        ServerConfig config = ServerConfig.defaults().with(c -> {
            c.concurrencyLimit = 10_000;
            c.heartbeatTimeout = Duration.ofMinutes(30);
            c.idleTimeout = Duration.ofMinutes(30);
            c.streamLimit = Duration.ofMinutes(30);
        });
        try (LocalOdysseyServer server = LocalOdysseyServer.start(config)) {
            int jvm = 0;
            Set<Object> uncovered = new HashSet<>();
            if (options.coverAll()) {
                uncovered.addAll(java.util.EnumSet.allOf(Trigger.class));
                uncovered.addAll(options.faults());
                uncovered.addAll(java.util.EnumSet.complementOf(java.util.EnumSet.of(Cleanup.NONE)));
            }
            while (tally.cycles() < options.cycles()) {
                jvm++;
                JvmPlan plan = JvmPlan.random(random, options.cycles() - tally.cycles(), options.maxGenerations(),
                        options.maxConnections(), uncovered, options.faults());
                System.out.println("jvm " + jvm + (plan.devtools() ? " (DevTools)" : "") + ": " + plan.lifecycles().size()
                        + " lifecycles");
                new ChildRun(options, server, stateHome, generationClasses, tally, counted, tally.cycles() + 1)
                        .run(plan, options.out().resolve("jvm-" + jvm));
            }
        }
        tally.print(System.out, options.seed(), (System.nanoTime() - start) / 1_000_000);
        return tally;
    }

    /**
     * The generation classes ({@code torture/gen}) alone in a directory: what a generation's loader defines (DevTools'
     * {@code RestartClassLoader} takes its classes from there; every other class comes from the application loader).
     */
    static Path copyGenerationClasses(Path dir) throws IOException {
        String pkg = "io/odysseyguard/benchmarks/torture/gen/";
        Path target = Files.createDirectories(dir.resolve(pkg));
        for (String name : new String[] {"Generation", "FaultyConnection", "FaultyConnection$Failure", "CarefulCleanup",
                "CarefulCleanup$Bean"}) {
            try (InputStream in = TortureRun.class.getClassLoader().getResourceAsStream(pkg + name + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("class file " + pkg + name + ".class not found");
                }
                Files.copy(in, target.resolve(name + ".class"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
