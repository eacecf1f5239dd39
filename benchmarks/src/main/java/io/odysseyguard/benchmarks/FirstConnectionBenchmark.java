package io.odysseyguard.benchmarks;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the first Odyssey connection of a JVM costs under the guard: the wall time of the first and the second
 * {@code connect()} against the local server, without the agent, with it and {@code watchdog=false}, and with it as
 * shipped (the watchdog process starts at the first connection, off the application's thread); and, with the guard,
 * how long after the first {@code connect()} returned its session was in the journal (covered against a hard stop).
 * Rounds rotate the three; medians.
 *
 * <pre>
 * FirstConnectionBenchmark [--rounds 15] [--agent agent/target/odyssey-guard-agent.jar]
 * </pre>
 */
public final class FirstConnectionBenchmark {
    private FirstConnectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        Path agent = Path.of("agent/target/odyssey-guard-agent.jar");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--agent" -> agent = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ServerConfig config = ServerConfig.defaults().with(c -> {
            c.port = 0;
            c.concurrencyLimit = 100;
        });
        String[] names = {"without agent", "guard, watchdog=false", "guard (watchdog)"};
        long[][] first = new long[3][rounds];
        long[][] second = new long[3][rounds];
        long[][] covered = new long[3][rounds];
        try (LocalOdysseyServer server = LocalOdysseyServer.start(config)) {
            for (int r = -2; r < rounds; r++) {
                for (int k = 0; k < 3; k++) {
                    int mode = Math.floorMod(r + k, 3);
                    long[] t = run(mode, server.baseUrl(), agent);
                    if (r >= 0) {
                        first[mode][r] = t[0];
                        second[mode][r] = t[1];
                        covered[mode][r] = t[2];
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d rounds (+2 warm-up), %d CPUs, java %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (int m = 0; m < 3; m++) {
            System.out.printf(Locale.ROOT, "%-22s first connect() median %.1f ms, second %.1f ms%s%n", names[m],
                    median(first[m]) / 1e6, median(second[m]) / 1e6,
                    m == 0 ? "" : String.format(Locale.ROOT, ", in the journal %.1f ms after the first returned",
                            median(covered[m]) / 1e6));
        }
    }

    private static long[] run(int mode, String apiUrl, Path agent) throws Exception {
        Path state = Files.createTempDirectory("odyssey-guard-bench-state-");
        ChildJvmBuilder jvm = ChildJvm.builder().classPath(ClassPath.ofThisJvm())
                .main(FirstConnect.class.getName(), apiUrl, state.resolve("odyssey-guard").toString())
                .env("XDG_STATE_HOME", state.toString());
        if (mode == 1) {
            jvm.agent(agent, "watchdog=false").jvmOptions("-Dguarded=true");
        } else if (mode == 2) {
            jvm.agent(agent).jvmOptions("-Dguarded=true");
        }
        try (ChildJvm child = jvm.start()) {
            if (child.awaitExit(Duration.ofMinutes(1)) != 0) {
                throw new IllegalStateException("child failed" + child.describe());
            }
            String line = child.stdout().lines().filter(l -> l.startsWith("first=")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no figures" + child.describe()));
            long[] out = new long[3];
            String[] parts = line.split(" ");
            for (int i = 0; i < 3; i++) {
                out[i] = Long.parseLong(parts[i].substring(parts[i].indexOf('=') + 1));
            }
            return out;
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
