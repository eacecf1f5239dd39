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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * What the guard costs per connection on the application's thread: the two calls the inlined advice makes,
 * {@code Tracker.opened} after an open method returned (creation-site capture, owner, the weak registry's add, the
 * session watch told) and {@code Tracker.closed} after a close method returned (the registry's remove, the watch
 * told), on a fresh object each time. In forks with {@code -javaagent}: the tracker is the agent's own, in the
 * bootstrap loader, installed with the options as given, and its session keeper runs as in an application.
 * 1 and 16 threads; {@code stack-depth=3} (the default) and {@code stack-depth=0}. The Odyssey client's own path has
 * one call more, {@code Tracker.connecting} on entry to {@code connect()} (it then captures there, and
 * {@code opened} only finds it tracked and tells the watch): {@link #clientConnectPath}. The calls go through
 * constant method handles (the tracker is in the agent jar only as class data, for the agent to define): the JIT
 * inlines an exact invoke of a static final handle as it does a direct call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {Agent.JAR, Agent.STATE_DIR})
@State(Scope.Thread)
public class TrackerBenchmark {

    /** A connection class of the application's: tracked as any target's instance would be. */
    public static final class Connection {
    }

    /** The tracker's entry points the advice calls, from the bootstrap loader; loaded once the agent is checked. */
    private static final class Tracker {
        private static final MethodHandle CONNECTING;
        private static final MethodHandle OPENED;
        private static final MethodHandle CLOSED;

        static {
            try {
                Class<?> tracker = Class.forName(Agent.TRACKER, true, null);
                MethodType opened = MethodType.methodType(void.class, Object.class, Class.class);
                CONNECTING = MethodHandles.publicLookup().findStatic(tracker, "connecting", opened);
                OPENED = MethodHandles.publicLookup().findStatic(tracker, "opened", opened);
                CLOSED = MethodHandles.publicLookup().findStatic(tracker, "closed",
                        MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static void connecting(Object c, Class<?> target) throws Throwable {
            CONNECTING.invokeExact(c, target);
        }

        static void opened(Object c, Class<?> target) throws Throwable {
            OPENED.invokeExact(c, target);
        }

        static void closed(Object c) throws Throwable {
            CLOSED.invokeExact(c);
        }
    }

    @Setup
    public void agentInstalled() throws Exception {
        Agent.requireInstalled();
    }

    @Benchmark
    @Threads(1)
    public Object trackUntrack() throws Throwable {
        return openAndClose();
    }

    @Benchmark
    @Threads(16)
    public Object trackUntrack16Threads() throws Throwable {
        return openAndClose();
    }

    @Benchmark
    @Threads(1)
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR_STACK_DEPTH_0, Agent.STATE_DIR})
    public Object trackUntrackStackDepth0() throws Throwable {
        return openAndClose();
    }

    @Benchmark
    @Threads(16)
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR_STACK_DEPTH_0, Agent.STATE_DIR})
    public Object trackUntrackStackDepth0And16Threads() throws Throwable {
        return openAndClose();
    }

    @Benchmark
    @Threads(1)
    public Object clientConnectPath() throws Throwable {
        Connection c = new Connection();
        Tracker.connecting(c, Connection.class);
        Tracker.opened(c, Connection.class);
        Tracker.closed(c);
        return c;
    }

    private static Object openAndClose() throws Throwable {
        Connection c = new Connection();
        Tracker.opened(c, Connection.class);
        Tracker.closed(c);
        return c;
    }
}
