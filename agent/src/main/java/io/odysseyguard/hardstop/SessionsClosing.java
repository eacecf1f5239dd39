package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCloser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Ends many sessions from their credentials at once: each through {@link SessionCloser}, all in parallel, the whole
 * within one budget. What the watchdog, the reaper and the command share.
 */
public final class SessionsClosing {

    /** How one session's close ended. */
    public record Closed(HeldSession session, SessionCloser.Result result) {
    }

    private final SessionCloser closer;

    public SessionsClosing(SessionCloser closer) {
        this.closer = closer;
    }

    /** Closes every session of {@code sessions} within {@code budget}; one result each, in order. Never throws. */
    public List<Closed> closeAll(List<HeldSession> sessions, Duration budget) {
        if (sessions.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(sessions.size(), 32), runnable -> {
            Thread t = new Thread(runnable, "odyssey-guard-close");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<SessionCloser.Result>> running = new ArrayList<>();
            for (HeldSession s : sessions) {
                running.add(CompletableFuture.supplyAsync(() -> closer.close(s.credentials(), budget), pool));
            }
            long deadline = System.nanoTime() + budget.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
            List<Closed> out = new ArrayList<>(sessions.size());
            for (int i = 0; i < sessions.size(); i++) {
                out.add(new Closed(sessions.get(i), await(running.get(i), deadline)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static SessionCloser.Result await(CompletableFuture<SessionCloser.Result> closing, long deadline) {
        try {
            return closing.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SessionCloser.Result(SessionCloser.Status.UNREACHABLE, "interrupted");
        } catch (Exception e) {
            return new SessionCloser.Result(SessionCloser.Status.UNREACHABLE, "no answer in time");
        }
    }

    /** How many of {@code closed} the service took. */
    public static int closedCount(List<Closed> closed) {
        int n = 0;
        for (Closed c : closed) {
            if (c.result().closed()) {
                n++;
            }
        }
        return n;
    }
}
