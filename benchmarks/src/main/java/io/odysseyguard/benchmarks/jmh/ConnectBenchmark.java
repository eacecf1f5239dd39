package io.odysseyguard.benchmarks.jmh;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a tracked {@code connect()} costs over an untracked one: one {@code connect()} and {@code disconnect()} of the
 * real client against a local server started in the fork (loopback), without the agent, with it as shipped (creation
 * site of 3 frames, journal and watchdog), and with {@code stack-depth=0}. The tracking is a few microseconds of a
 * round trip of milliseconds; the difference of the scores, with their errors, is the figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = ConnectBenchmark.QUIET_SERVER)
@State(Scope.Benchmark)
public class ConnectBenchmark {
    /** The local server logs each session at INFO (slf4j-simple, on standard error): not in the measurement. */
    static final String QUIET_SERVER = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private LocalOdysseyServer server;
    private OdysseyClient client;

    @Setup
    public void startServer() throws Exception {
        server = LocalOdysseyServer.start(ServerConfig.defaults().with(c -> {
            c.port = 0;
            c.concurrencyLimit = 10;
        }));
        client = OdysseyClient.builder().apiKey("ody_jmh_benchmark_key").apiUrl(server.baseUrl()).build();
    }

    @TearDown
    public void stopServer() {
        client.disconnect();
        server.close();
    }

    @Benchmark
    public OdysseyClient untracked() {
        return connectAndDisconnect();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR, Agent.STATE_DIR, ConnectBenchmark.QUIET_SERVER})
    public OdysseyClient tracked() {
        return connectAndDisconnect();
    }

    @Benchmark
    @Fork(value = 3, jvmArgsAppend = {Agent.JAR_STACK_DEPTH_0, Agent.STATE_DIR, ConnectBenchmark.QUIET_SERVER})
    public OdysseyClient trackedStackDepth0() {
        return connectAndDisconnect();
    }

    private OdysseyClient connectAndDisconnect() {
        client.connect();
        client.disconnect();
        return client;
    }
}
