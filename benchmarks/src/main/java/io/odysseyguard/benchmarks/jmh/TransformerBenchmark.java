package io.odysseyguard.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The transformer's per-class cost, as the JVM pays it: defining one class in a fresh class loader (the JVM calls
 * every registered {@code ClassFileTransformer} from {@code defineClass}), without the agent and with it. The
 * difference is what the agent's transformer costs for that class, the JVM's call into it included:
 * <ul>
 *   <li>a class that is not a target (the name lookup that returns {@code null}): {@link Plain};</li>
 *   <li>the target class, {@code io.odysseyguard.client.OdysseyClient}, woven each time (the engine is loaded
 *       during warm-up: its one-time cost is not in this figure).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Thread)
public class TransformerBenchmark {
    private static final String TARGET = "io.odysseyguard.client.OdysseyClient";

    /** A small class that is no target. */
    public static final class Plain {
        private int value;

        public int value() {
            return value;
        }
    }

    private byte[] plainBytes;
    private byte[] targetBytes;

    @Setup
    public void readClassFiles() throws Exception {
        Class.forName(TARGET); // as an application would, first: the agent's engine is loaded now if at all
        plainBytes = classFile(Plain.class.getName());
        targetBytes = classFile(TARGET);
    }

    @Benchmark
    public Class<?> nonTargetWithoutAgent() {
        return new DefiningLoader().define(Plain.class.getName(), plainBytes);
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR, Agent.STATE_DIR})
    public Class<?> nonTargetWithAgent() {
        return new DefiningLoader().define(Plain.class.getName(), plainBytes);
    }

    @Benchmark
    public Class<?> targetWithoutAgent() {
        return new DefiningLoader().define(TARGET, targetBytes);
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR, Agent.STATE_DIR})
    public Class<?> targetWithAgent() {
        return new DefiningLoader().define(TARGET, targetBytes);
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = TransformerBenchmark.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + name);
            }
            return in.readAllBytes();
        }
    }

    /** A fresh loader per class, below the application's (which resolves what the defined class refers to). */
    private static final class DefiningLoader extends ClassLoader {
        DefiningLoader() {
            super(TransformerBenchmark.class.getClassLoader());
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
