package io.odysseyguard.benchmarks.latency;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The options of {@link ReleaseLatencyBenchmark} ({@code --name value}):
 *
 * @param triggers     the triggers to time, in order (default {@code exit,sigterm,loader,kill})
 * @param connections  connections per child JVM, one figure each (default {@code 1,10,100})
 * @param runs         runs per entry of {@code connections} (default {@code 30,10,5})
 * @param exitPairs    pairs of JVM exits timed with 100 connections open and none (default 10; 0 for none)
 * @param agent        the agent jar (default {@code agent/target/odyssey-guard-agent.jar})
 * @param agentOptions the agent's options, or null
 * @param java         another JDK's {@code bin/java} for the child JVMs, or null for this JVM's
 * @param csvFile      where the per-session latencies go, or null
 */
record LatencyOptions(List<String> triggers, int[] connections, int[] runs, int exitPairs, Path agent,
                      String agentOptions, Path java, Path csvFile) {

    static LatencyOptions parse(String... args) {
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
        return new LatencyOptions(triggers, connections, runs, exitPairs, agent, agentOptions, java, csvFile);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
