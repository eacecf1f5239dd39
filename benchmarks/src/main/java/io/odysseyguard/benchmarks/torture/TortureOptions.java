package io.odysseyguard.benchmarks.torture;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The torture run's options ({@code --name value}):
 *
 * @param seed           the random seed (default: a fresh one, printed)
 * @param cycles         lifecycles to run (default 1000)
 * @param agent          the agent jar (default {@code agent/target/odyssey-guard-agent.jar})
 * @param maxConnections clients per generation, at most (default 4)
 * @param maxGenerations generations per child JVM, at most (default 5)
 * @param settle         how long after its trigger (a JVM end: after the JVM exited) a lifecycle's sessions may take to
 *                       be closed at the server (default 15 s)
 * @param exitBudget     the agent's {@code exit-budget} (default 3 s)
 * @param releaseTimeout the agent's {@code release-timeout} (default 2 s)
 * @param exitSlack      what a JVM's exit may take beyond {@code exit-budget} from the trigger to the process's end
 *                       (its own start-down on a busy machine; default 3 s)
 * @param faults         the faults drawn (default all; {@code --without SERVER_DOWN,...} leaves some out)
 * @param coverAll       draw the triggers and faults no lifecycle had yet first ({@code --cover-all true}; a short run
 *                       then has every kind)
 * @param out            where the child JVMs' output and the state directory go (default a fresh directory in /tmp)
 */
record TortureOptions(long seed, int cycles, Path agent, int maxConnections, int maxGenerations, Duration settle,
                      Duration exitBudget, Duration releaseTimeout, Duration exitSlack, java.util.Set<Fault> faults,
                      boolean coverAll, Path out) {

    static final String USAGE = """
            usage: TortureRun [--seed N] [--cycles 1000] [--agent agent/target/odyssey-guard-agent.jar]
                              [--max-connections 4] [--max-generations 5] [--settle-seconds 15]
                              [--exit-budget-ms 3000] [--release-timeout-ms 2000] [--exit-slack-ms 3000] [--without FAULT,...]
                              [--cover-all false] [--out DIR]""";

    static TortureOptions parse(String... args) {
        long seed = new java.security.SecureRandom().nextLong();
        int cycles = 1000;
        Path agent = Path.of("agent/target/odyssey-guard-agent.jar");
        int maxConnections = 4;
        int maxGenerations = 5;
        long settle = 15;
        long exitBudget = 3000;
        long releaseTimeout = 2000;
        long exitSlack = 3000;
        java.util.Set<Fault> faults = java.util.EnumSet.allOf(Fault.class);
        boolean coverAll = false;
        Path out = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value for " + args[i] + "\n" + USAGE);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(v);
                case "--cycles" -> cycles = Integer.parseInt(v);
                case "--agent" -> agent = Path.of(v);
                case "--max-connections" -> maxConnections = Integer.parseInt(v);
                case "--max-generations" -> maxGenerations = Integer.parseInt(v);
                case "--settle-seconds" -> settle = Long.parseLong(v);
                case "--exit-budget-ms" -> exitBudget = Long.parseLong(v);
                case "--release-timeout-ms" -> releaseTimeout = Long.parseLong(v);
                case "--exit-slack-ms" -> exitSlack = Long.parseLong(v);
                case "--out" -> out = Path.of(v);
                case "--cover-all" -> coverAll = Boolean.parseBoolean(v);
                case "--without" -> {
                    for (String f : v.split(",")) {
                        if (!f.isBlank()) {
                            faults.remove(Fault.valueOf(f.trim()));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (out == null) {
            // short: the guard's control sockets live in the state directory under it (Unix socket paths are short)
            out = Path.of("/tmp", "ogt-" + Long.toHexString(seed).replace("-", "m"));
        }
        return new TortureOptions(seed, cycles, agent.toAbsolutePath(), maxConnections, maxGenerations,
                Duration.ofSeconds(settle), Duration.ofMillis(exitBudget), Duration.ofMillis(releaseTimeout),
                Duration.ofMillis(exitSlack), java.util.Set.copyOf(faults), coverAll, out.toAbsolutePath());
    }

    /** The agent's options for every child. */
    String agentArguments(String targets) {
        return "release-timeout=" + releaseTimeout.toMillis() + "ms,exit-budget=" + exitBudget.toMillis() + "ms,targets="
                + targets;
    }
}
