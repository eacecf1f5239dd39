package io.odysseyguard.hardstop.watchdog;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.Journal;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.Reaper;
import io.odysseyguard.hardstop.SessionsClosing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog process of one guarded JVM, like Testcontainers' Ryuk: it remembers the sessions the JVM holds, as the
 * JVM tells it over its standard input ({@link LinkMessages}), and when the JVM's end closes without a goodbye (the JVM
 * was killed, crashed, or ended by a debugger without running its shutdown hooks) it closes every remembered session
 * gracefully, in parallel, within {@link #CLOSE_BUDGET}, updates the JVM's journal, reaps other gone JVMs' leftovers,
 * and exits. It also exits when its JVM is seen gone (checked every second), so it never outlives its work.
 */
public final class Watchdog {
    /** A session a retry found closed: an earlier close (not this try) reached the service late. Counted as done. */
    private static final String ALREADY_CLOSED = "already closed";

    /** Every remembered session is closed within this after the JVM is gone... */
    static final Duration CLOSE_BUDGET = Duration.ofMillis(900);
    /**
     * ...and one the service did not answer (a loaded machine, a network or service down for a moment) is tried again
     * for this much longer before the journal keeps it...
     */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(30);
    /** ...each try within this... */
    static final Duration RETRY_ATTEMPT_BUDGET = Duration.ofSeconds(5);
    /** ...after a pause from this, doubled each time, up to the next. */
    static final long FIRST_RETRY_PAUSE_MILLIS = 250;
    static final long MAX_RETRY_PAUSE_MILLIS = 1000; // the slot is free about a second after the service is back
    static final String LOG_FILE = "watchdog.log";

    private final Map<Long, HeldSession> remembered = new LinkedHashMap<>();
    private final SessionCloser closer = new SessionCloser();
    private JvmIdentity jvm;
    private Path stateDir;

    private Watchdog() {
    }

    public static void main(String[] args) {
        Watchdog watchdog = new Watchdog();
        int status = 0;
        try {
            watchdog.run(new DataInputStream(new BufferedInputStream(System.in)));
        } catch (Throwable t) {
            status = 1;
        }
        System.exit(status); // the close threads are daemons; nothing else may keep this process
    }

    private void run(DataInputStream in) throws IOException {
        if (in.readByte() != LinkMessages.HELLO) {
            return;
        }
        jvm = LinkMessages.readHello(in);
        stateDir = Path.of(in.readUTF());
        Thread warmUp = new Thread(() -> WarmUp.run(closer), "odyssey-guard-watchdog-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        watchForJvmEnd();
        boolean goodbye = readUntilEnd(in);
        end(goodbye);
    }

    /** Reads the link until the JVM's end closes; true when it said goodbye first. */
    private boolean readUntilEnd(DataInputStream in) throws IOException {
        try {
            while (true) {
                byte kind = in.readByte();
                if (kind == LinkMessages.REMEMBER) {
                    HeldSession s = LinkMessages.readRemember(in);
                    synchronized (remembered) {
                        remembered.put(s.key(), s);
                    }
                } else if (kind == LinkMessages.FORGET) {
                    long key = in.readLong();
                    synchronized (remembered) {
                        remembered.remove(key);
                    }
                } else if (kind == LinkMessages.GOODBYE) {
                    return true;
                } else {
                    throw new IOException("unknown link message " + kind);
                }
            }
        } catch (EOFException e) {
            return false;
        }
    }

    /**
     * A backstop for a link that never reports its end (another process inherited the JVM's end of the pipe): once the
     * JVM is gone, end as if the link had closed.
     */
    private void watchForJvmEnd() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odyssey-guard-watchdog-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (!jvm.isAlive()) {
                end(false);
                System.exit(0);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void end(boolean goodbye) {
        List<HeldSession> left;
        synchronized (remembered) {
            left = new ArrayList<>(remembered.values());
            remembered.clear();
        }
        if (left.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        SessionsClosing closing = new SessionsClosing(closer);
        List<SessionsClosing.Closed> closed = closeWithRetry(closing, left);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        List<HeldSession> unreachable = new ArrayList<>();
        for (SessionsClosing.Closed c : closed) {
            if (c.result().status() == SessionCloser.Status.UNREACHABLE) {
                unreachable.add(c.session());
            }
        }
        Journal journal = new Journal(stateDir);
        try {
            journal.write(jvm, unreachable);
        } catch (IOException | RuntimeException e) {
            log("could not update the journal: " + e.getClass().getSimpleName());
        }
        journal.removeTemporariesOf(jvm); // a kill in the middle of the JVM's own journal write
        log(report(goodbye, closed) + " (" + tookMillis + " ms)");
        for (Reaper.Reaped r : new Reaper(journal, closing, CLOSE_BUDGET).reapGone(this::log)) {
            log("reaped " + r.closedCount() + " of " + r.closed().size() + " sessions left by gone pid "
                    + r.jvm().pid() + " (" + r.jvm().mainClass() + ")");
        }
    }

    /**
     * Closes all within {@link #CLOSE_BUDGET}; those the service did not answer (or that it still sees connected) are
     * tried again, with a growing pause ({@link #FIRST_RETRY_PAUSE_MILLIS} doubled up to {@link #MAX_RETRY_PAUSE_MILLIS}),
     * until {@link #RETRY_BUDGET} is spent: a service (or network) that is down for a moment, as when a JVM dies while
     * its connections were being reset, still gets its sessions closed. In order.
     */
    private static List<SessionsClosing.Closed> closeWithRetry(SessionsClosing closing, List<HeldSession> sessions) {
        List<SessionsClosing.Closed> closed = new ArrayList<>(closing.closeAll(sessions, CLOSE_BUDGET));
        long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
        long pause = FIRST_RETRY_PAUSE_MILLIS;
        // A fresh HTTP client for the retries: the first one's connections may be what failed.
        SessionsClosing retrying = null;
        Map<Long, SessionsClosing.Closed> tried = new LinkedHashMap<>();
        while (true) {
            List<HeldSession> again = new ArrayList<>();
            for (SessionsClosing.Closed c : closed) {
                SessionsClosing.Closed latest = tried.getOrDefault(c.session().key(), c);
                if (isWorthAnotherTry(latest.result())) {
                    again.add(c.session());
                }
            }
            long left = deadline - System.nanoTime();
            if (again.isEmpty() || left <= 0) {
                break;
            }
            if (retrying != null) {
                sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left)));
                pause = Math.min(MAX_RETRY_PAUSE_MILLIS, pause * 2);
            } else {
                retrying = new SessionsClosing(new SessionCloser());
            }
            Duration budget = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(100),
                    Math.min(deadline - System.nanoTime(), RETRY_ATTEMPT_BUDGET.toNanos())));
            for (SessionsClosing.Closed c : retrying.closeAll(again, budget)) {
                if (c.result().status() == SessionCloser.Status.REFUSED && c.result().detail().contains("session closed")) {
                    // an earlier close reached the service after all (this watchdog's first try, or the JVM's own
                    // disconnect, answered late): the slot is free, but not by this try
                    c = new SessionsClosing.Closed(c.session(),
                            new SessionCloser.Result(SessionCloser.Status.CLOSED, ALREADY_CLOSED));
                }
                tried.put(c.session().key(), c);
            }
        }
        closed.replaceAll(c -> tried.getOrDefault(c.session().key(), c));
        return closed;
    }

    /** Not answered, or refused only because the service still sees the dead JVM's socket connected. */
    private static boolean isWorthAnotherTry(SessionCloser.Result result) {
        return result.status() == SessionCloser.Status.UNREACHABLE
                || (result.status() == SessionCloser.Status.REFUSED && result.detail() != null
                && result.detail().contains("already"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String report(boolean goodbye, List<SessionsClosing.Closed> closed) {
        StringBuilder b = new StringBuilder();
        b.append("closed ").append(SessionsClosing.closedCount(closed)).append(" of ").append(closed.size())
                .append(" Odyssey sessions left open by pid ").append(jvm.pid()).append(" (").append(jvm.mainClass())
                .append(") ").append(goodbye ? "after its exit could not release them" : "when it ended without a goodbye");
        for (SessionsClosing.Closed c : closed) {
            boolean already = c.result().closed() && ALREADY_CLOSED.equals(c.result().detail());
            b.append("; ").append(c.session().shortId()).append(' ')
                    .append(already ? "already closed" : c.result().status().name().toLowerCase())
                    .append(c.result().closed() ? "" : " (" + c.result().detail() + ")")
                    .append(", opened at ").append(c.session().site());
        }
        return b.toString();
    }

    /** Appends one line to {@value #LOG_FILE} in the state directory (never the application's directories). */
    private void log(String line) {
        try (PrintStream out = new PrintStream(Files.newOutputStream(stateDir.resolve(LOG_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, "UTF-8")) {
            out.println(Instant.now() + " odyssey-guard watchdog: " + line);
        } catch (IOException | RuntimeException ignored) {
            // nowhere else to say it
        }
    }
}
