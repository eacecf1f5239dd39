package io.odysseyguard.client;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the heartbeat of one connection on its own daemon thread {@code odyssey-keepalive-N}.
 *
 * <p>Daemon, so a forgotten client never keeps the JVM alive (its session then dangles until the
 * server reaps it, which is exactly what the guard exists to prevent). The thread holds the
 * connection and, through it, the client: a connected client stays reachable, so a weak registry
 * can still find it and disconnect it. Stopped by {@link #close()} on disconnect.
 */
final class Keepalive implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Keepalive.class.getName());
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger(1);

    private final ScheduledExecutorService scheduler;

    Keepalive(Duration interval, Runnable beat) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "odyssey-keepalive-" + THREAD_NUMBER.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
        long period = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                beat.run();
            } catch (RuntimeException e) {
                // A failed beat must not cancel the schedule; the next one may succeed.
                LOG.log(System.Logger.Level.DEBUG, "keepalive failed: {0}", e.getClass().getSimpleName());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
