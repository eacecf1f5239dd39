package io.odysseyguard.benchmarks;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Start-up cost of the agent, whole process: starts {@link Hello} in a fresh JVM {@code pairs} times without
 * and with {@code -javaagent:odyssey-guard-agent.jar}, interleaved side by side (the order inside a pair
 * alternates, so drift and caches hit both sides alike), after a few discarded warm-up pairs, and prints the
 * medians of the wall times and their ratio. The budget: ratio at most 1.25.
 *
 * <p>A third JVM per round runs {@link NoopAgent}, an agent that does nothing, to separate what
 * {@code -javaagent} itself costs the JVM (the instrument module, the module graph resolved afresh instead of
 * the archived one, the agent jar opened) from what Odyssey Guard adds on top.
 *
 * <pre>
 * StartupBenchmark [--pairs 40] [--warmup 5] [--agent agent/target/odyssey-guard-agent.jar]
 *                  [--classes benchmarks/target/classes] [--java /path/to/bin/java]
 *                  [--compare /path/to/another/odyssey-guard-agent.jar]
 * </pre>
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = 40;
        int warmup = 5;
        Path agent = Path.of("agent/target/odyssey-guard-agent.jar");
        Path classes = Path.of("benchmarks/target/classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path compare = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--agent" -> agent = Path.of(args[i + 1]);
                case "--classes" -> classes = Path.of(args[i + 1]);
                case "--java" -> java = args[i + 1];
                case "--compare" -> compare = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException(agent + " is missing: mvn -pl agent package -DskipTests first");
        }
        Path output = Files.createTempDirectory("odyssey-guard-startup-");
        ChildJvmBuilder without = ChildJvm.builder().java(Path.of(java)).classPath(ClassPath.of(classes.toString()))
                .main(Hello.class.getName()).discardStdout().outputDirectory(output);
        ChildJvmBuilder with = ChildJvm.builder().java(Path.of(java)).classPath(ClassPath.of(classes.toString()))
                .main(Hello.class.getName()).discardStdout().outputDirectory(output).agent(agent);

        System.out.printf(Locale.ROOT, "%s (%s), %d warm-up + %d measured rounds, %d CPUs%n", java,
                javaVersion(java), warmup, pairs, Runtime.getRuntime().availableProcessors());
        ChildJvmBuilder noop = ChildJvm.builder().java(Path.of(java)).classPath(ClassPath.of(classes.toString()))
                .main(Hello.class.getName()).discardStdout().outputDirectory(output).agent(noopAgentJar(classes));
        long[] plain = new long[pairs];
        long[] agentTimes = new long[pairs];
        long[] noopTimes = new long[pairs];
        long[] compareTimes = new long[pairs];
        // The OpenTelemetry Java agent, as an anchor, runs without exporters and without its start-up log line (any
        // output on stderr stops the benchmark); other agents ignore these variables.
        ChildJvmBuilder other = compare == null ? null : ChildJvm.builder().java(Path.of(java))
                .classPath(ClassPath.of(classes.toString())).main(Hello.class.getName()).discardStdout()
                .outputDirectory(output).agent(compare).env("OTEL_JAVAAGENT_LOGGING", "none")
                .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none");
        for (int i = -warmup; i < pairs; i++) {
            long a;
            long b;
            if ((i & 1) == 0) {
                a = run(without);
                b = run(with);
            } else {
                b = run(with);
                a = run(without);
            }
            long c = run(noop);
            long d = other == null ? 0 : run(other, false);
            if (i >= 0) {
                plain[i] = a;
                agentTimes[i] = b;
                noopTimes[i] = c;
                compareTimes[i] = d;
            }
        }
        double medianPlain = median(plain) / 1e6;
        double medianAgent = median(agentTimes) / 1e6;
        double ratio = medianAgent / medianPlain;
        System.out.printf(Locale.ROOT, "without agent: median %.1f ms (p25 %.1f, p75 %.1f)%n", medianPlain,
                percentile(plain, 25) / 1e6, percentile(plain, 75) / 1e6);
        System.out.printf(Locale.ROOT, "with agent:    median %.1f ms (p25 %.1f, p75 %.1f)%n", medianAgent,
                percentile(agentTimes, 25) / 1e6, percentile(agentTimes, 75) / 1e6);
        double medianNoop = median(noopTimes) / 1e6;
        System.out.printf(Locale.ROOT, "no-op agent:   median %.1f ms (p25 %.1f, p75 %.1f)%n", medianNoop,
                percentile(noopTimes, 25) / 1e6, percentile(noopTimes, 75) / 1e6);
        System.out.printf(Locale.ROOT, "ratio (with / without): %.3f, +%.1f ms; budget 1.25: %s%n", ratio,
                medianAgent - medianPlain, ratio <= 1.25 ? "within" : "EXCEEDED");
        System.out.printf(Locale.ROOT, "of which -javaagent itself (no-op agent / without): %.3f, +%.1f ms;"
                + " Odyssey Guard over the no-op agent: %.3f, +%.1f ms%n", medianNoop / medianPlain,
                medianNoop - medianPlain, medianAgent / medianNoop, medianAgent - medianNoop);
        if (other != null) {
            double medianOther = median(compareTimes) / 1e6;
            System.out.printf(Locale.ROOT, "compared agent %s: median %.1f ms (p25 %.1f, p75 %.1f); over the no-op agent"
                    + " %.3f; this agent over it: %.3f, %+.1f ms%n", compare, medianOther,
                    percentile(compareTimes, 25) / 1e6, percentile(compareTimes, 75) / 1e6, medianOther / medianNoop,
                    medianAgent / medianOther, medianAgent - medianOther);
        }
    }

    /** A jar holding {@link NoopAgent} with a {@code Premain-Class} manifest, in a temporary directory. */
    private static Path noopAgentJar(Path classes) throws IOException {
        Path jar = Files.createTempFile("noop-agent-", ".jar");
        jar.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        String entry = NoopAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
        return jar.toAbsolutePath();
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        ChildJvm version = ChildJvm.builder().java(Path.of(java)).jvmOptions("-version").mergeStderr().start();
        version.awaitExit(Duration.ofMinutes(1));
        return version.stdout().lines().findFirst().orElse("?");
    }

    /** The wall time of one whole JVM run, from its start to its exit. */
    private static long run(ChildJvmBuilder jvm) throws IOException, InterruptedException {
        return run(jvm, true);
    }

    /**
     * @param silent whether anything on stderr stops the benchmark (not for a compared agent: the OpenTelemetry agent
     *               makes the JVM print a class-data-sharing warning)
     */
    private static long run(ChildJvmBuilder jvm, boolean silent) throws IOException, InterruptedException {
        long start = System.nanoTime();
        ChildJvm child = jvm.start();
        int code = child.awaitExit(Duration.ofMinutes(1));
        long took = System.nanoTime() - start;
        if (code != 0 || (silent && !child.stderr().isEmpty())) {
            throw new IllegalStateException(String.join(" ", jvm.command()) + " exited with " + code + child.describe());
        }
        return took;
    }

    private static double median(long[] values) {
        return percentile(values, 50);
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
