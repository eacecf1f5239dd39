package io.odysseyguard.benchmarks.fire;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the bad inputs in batches: each batch's inputs are drawn first, in order, from a random stream of its own
 * (seeded from the run's seed and the batch number, so the inputs do not depend on thread timing), then sent by a few
 * threads at once; after each batch the {@link Checkpoint} runs.
 */
public final class FuzzPhase {

    static final int BATCH_SIZE = 100;
    /** Share of inputs that are signaling sockets rather than REST requests, in percent. */
    static final int SOCKET_SHARE_PERCENT = 40;

    private final FireContext context;
    private final Checkpoint checkpoint;
    private final ExecutorService senders;

    public FuzzPhase(FireContext context, Checkpoint checkpoint, ExecutorService senders) {
        this.context = context;
        this.checkpoint = checkpoint;
        this.senders = senders;
    }

    /** Sends {@code total} bad inputs; returns how many were sent. */
    public long run(long seed, int total) throws InterruptedException {
        long sent = 0;
        for (int batch = 0; sent < total; batch++) {
            Random random = new Random(seed ^ (0x9E3779B97F4A7C15L * (batch + 1)));
            int size = (int) Math.min(BATCH_SIZE, total - sent);
            List<BadInput> inputs = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                inputs.add(random.nextInt(100) < SOCKET_SHARE_PERCENT ? FrameFuzzer.next(random) : RequestFuzzer.next(random));
            }
            List<Future<?>> running = new ArrayList<>();
            for (BadInput input : inputs) {
                running.add(senders.submit(() -> input.fire(context)));
            }
            for (Future<?> future : running) {
                try {
                    // Every wait inside an input is bounded; this only guards against a harness bug.
                    future.get(context.bound.toMillis() * 10, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    context.failures.record(FailureKind.NO_ANSWER_IN_TIME, "fuzz batch " + batch + ": " + e);
                }
            }
            sent += size;
            checkpoint.check("after fuzz batch " + batch);
        }
        return sent;
    }
}
