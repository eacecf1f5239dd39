package io.odysseyguard.benchmarks.jmh;

import io.odysseyguard.guard.tracked.Tracker;
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

import java.util.concurrent.TimeUnit;

/**
 * What the guard costs per connection on the application's thread: the two calls the inlined advice makes,
 * {@code Tracker.opened} after an open method returned (creation-site capture, owner, the weak registry's add, the
 * session watch told) and {@code Tracker.closed} after a close method returned (the registry's remove, the watch
 * told), on a fresh object each time. In forks with {@code -javaagent}: the tracker is the agent's own, in the
 * bootstrap loader, installed with the options as given, and its session keeper runs as in an application.
 * 1 and 16 threads; {@code stack-depth=3} (the default) and {@code stack-depth=0}. The Odyssey client's own path has
 * one call more, {@code Tracker.connecting} on entry to {@code connect()} (it then captures there, and
 * {@code opened} only finds it tracked and tells the watch): {@link #clientConnectPath}.
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

    @Setup
    public void agentInstalled() throws Exception {
        Agent.requireInstalled();
    }

    @Benchmark
    @Threads(1)
    public Object trackUntrack() {
        return openAndClose();
    }

    @Benchmark
    @Threads(16)
    public Object trackUntrack16Threads() {
        return openAndClose();
    }

    @Benchmark
    @Threads(1)
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR_STACK_DEPTH_0, Agent.STATE_DIR})
    public Object trackUntrackStackDepth0() {
        return openAndClose();
    }

    @Benchmark
    @Threads(16)
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR_STACK_DEPTH_0, Agent.STATE_DIR})
    public Object trackUntrackStackDepth0And16Threads() {
        return openAndClose();
    }

    @Benchmark
    @Threads(1)
    public Object clientConnectPath() {
        Connection c = new Connection();
        Tracker.connecting(c, Connection.class);
        Tracker.opened(c, Connection.class);
        Tracker.closed(c);
        return c;
    }

    private static Object openAndClose() {
        Connection c = new Connection();
        Tracker.opened(c, Connection.class);
        Tracker.closed(c);
        return c;
    }
}
