package io.odysseyguard.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parts of {@link TrackerBenchmark}'s figure, on the agent's own classes (in the bootstrap loader, reached through
 * method handles: they are package-private): a registry of its own ({@code WeakIdentityRegistry}), shared by the
 * threads, with a record made without a stack walk, added and removed ({@code registry*}); and the creation-site
 * capture alone ({@code TrackedConnection.capture}, 3 frames and 0: the walk to the opener's frame happens either way).
 * Neither tells the session keeper anything.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {Agent.JAR, Agent.STATE_DIR})
@State(Scope.Benchmark)
public class RegistryBenchmark {
    private static final String TRACKED = "io.odysseyguard.guard.tracked.";
    private static final MethodHandle NEW_REGISTRY;
    private static final MethodHandle QUEUE;
    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;
    private static final MethodHandle NEW_RECORD;
    private static final MethodHandle CAPTURE;

    static {
        try {
            Agent.requireInstalled();
            Class<?> registry = Class.forName(TRACKED + "WeakIdentityRegistry");
            Class<?> record = Class.forName(TRACKED + "TrackedConnection");
            MethodHandles.Lookup in = MethodHandles.privateLookupIn(registry, MethodHandles.lookup());
            NEW_REGISTRY = in.findConstructor(registry, MethodType.methodType(void.class));
            QUEUE = in.findVirtual(registry, "queue", MethodType.methodType(ReferenceQueue.class));
            ADD = in.findVirtual(registry, "add", MethodType.methodType(boolean.class, record));
            REMOVE = in.findVirtual(registry, "remove", MethodType.methodType(record, Object.class));
            NEW_RECORD = in.findConstructor(record, MethodType.methodType(void.class, Object.class,
                    ReferenceQueue.class, List.class, ClassLoader.class, List.class));
            CAPTURE = in.findStatic(record, "capture", MethodType.methodType(record, Object.class, List.class,
                    int.class, ReferenceQueue.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object registry;
    private final ReferenceQueue<?> queue;
    private final ClassLoader owner = RegistryBenchmark.class.getClassLoader();

    public RegistryBenchmark() {
        try {
            registry = NEW_REGISTRY.invoke();
            queue = (ReferenceQueue<?>) QUEUE.invoke(registry);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Benchmark
    @Threads(1)
    public Object registryAddRemove() throws Throwable {
        return addRemove();
    }

    @Benchmark
    @Threads(16)
    public Object registryAddRemove16Threads() throws Throwable {
        return addRemove();
    }

    @Benchmark
    @Threads(1)
    public Object captureStackDepth3() throws Throwable {
        return CAPTURE.invoke(new Object(), List.of(), 3, queue);
    }

    @Benchmark
    @Threads(1)
    public Object captureStackDepth0() throws Throwable {
        return CAPTURE.invoke(new Object(), List.of(), 0, queue);
    }

    private Object addRemove() throws Throwable {
        Object connection = new Object();
        Object record = NEW_RECORD.invoke(connection, queue, List.of(), owner, List.of());
        ADD.invoke(registry, record);
        return REMOVE.invoke(registry, connection);
    }
}
