package io.odysseyguard.benchmarks;

import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import io.odysseyguard.testsupport.ClassPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a JVM pays once, when it first uses the guard, timed inside fresh child JVMs ({@link FirstUse}), rounds
 * interleaved, medians:
 * <ul>
 * <li>loading the first hooked class (the Odyssey client) without the agent and with it: the difference is the
 *     bytecode engine's first use (ASM loaded, the class read twice and woven) plus any wait for the guard's set-up;
 *     and whether it left a file in the temporary directory;</li>
 * <li>the dependency path: {@code SelfAttach.install} (the Spring Boot DevTools listener's and the Quarkus
 *     extension's way in), through a helper JVM (the default) and in-process with
 *     {@code -Djdk.attach.allowAttachSelf=true}.</li>
 * </ul>
 *
 * <pre>
 * FirstUseBenchmark [--rounds 20] [--agent agent/target/odyssey-guard-agent.jar] [--java /path/to/bin/java]
 * </pre>
 */
public final class FirstUseBenchmark {
    private FirstUseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        Path agent = Path.of("agent/target/odyssey-guard-agent.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--agent" -> agent = Path.of(args[i + 1]);
                case "--java" -> java = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ClassPath classPath = ClassPath.ofThisJvm();
        ClassPath withAgentJar = classPath.prepend(agent.toAbsolutePath().toString());
        // The guarded children's own temporary directory: whatever the guard leaves behind shows there alone.
        Path tmp = Files.createTempDirectory("first-use-tmp-");
        String tmpOption = "-Djava.io.tmpdir=" + tmp;
        long[] plain = new long[rounds];
        long[] guarded = new long[rounds];
        long[] helperAttach = new long[rounds];
        long[] selfAttach = new long[rounds];
        for (int i = -2; i < rounds; i++) { // two warm-up rounds
            long a = run(ChildJvm.builder().java(java).classPath(classPath).main(FirstUse.class.getName(), "target"));
            long b = run(ChildJvm.builder().java(java).classPath(classPath).jvmOptions(tmpOption).agent(agent)
                    .main(FirstUse.class.getName(), "target"));
            long c = run(ChildJvm.builder().java(java).classPath(withAgentJar).main(FirstUse.class.getName(), "attach"));
            long d = run(ChildJvm.builder().java(java).classPath(withAgentJar)
                    .jvmOptions("-Djdk.attach.allowAttachSelf=true").main(FirstUse.class.getName(), "attach"));
            if (i >= 0) {
                plain[i] = a;
                guarded[i] = b;
                helperAttach[i] = c;
                selfAttach[i] = d;
            }
        }
        List<String> leftBehind = listing(tmp);
        System.out.printf(Locale.ROOT, "%s, %d rounds, %d CPUs%n", java, rounds, Runtime.getRuntime().availableProcessors());
        print("first target class, without agent", plain);
        print("first target class, with the agent", guarded);
        System.out.printf(Locale.ROOT, "  the guard's share: %+.1f ms (median difference)%n",
                (median(guarded) - median(plain)) / 1e6);
        System.out.println("files the guarded runs left in " + tmp + ": " + (leftBehind.isEmpty() ? "none" : leftBehind));
        print("SelfAttach.install, helper JVM (default)", helperAttach);
        print("SelfAttach.install, -Djdk.attach.allowAttachSelf=true", selfAttach);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The time the child measured, in nanoseconds. */
    private static long run(ChildJvmBuilder jvm) throws Exception {
        try (ChildJvm child = jvm.start()) {
            int code = child.awaitExit(Duration.ofMinutes(2));
            String out = child.stdout();
            int at = out.lastIndexOf("took ");
            if (code != 0 || at < 0) {
                throw new IllegalStateException("the child failed: " + child.describe());
            }
            return Long.parseLong(out.substring(at + 5).trim());
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-55s median %7.1f ms (min %.1f, max %.1f)%n", what + ":", median(nanos) / 1e6,
                sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
