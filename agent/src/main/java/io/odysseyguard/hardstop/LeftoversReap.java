package io.odysseyguard.hardstop;

import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.guard.reported.Reporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * At a guarded JVM's start, on a background daemon thread: closes the sessions that JVMs which are gone (killed with
 * their watchdog, or the machine went down) left in the journal, so that they free their slots before this JVM asks for
 * one. Usually there is no journal at all, and it ends after one directory check.
 */
public final class LeftoversReap implements Runnable {
    static final Duration BUDGET = Duration.ofSeconds(2);

    private final String stateDirOption;

    public LeftoversReap(String stateDirOption) {
        this.stateDirOption = stateDirOption;
    }

    /** Starts it in the background; never throws. */
    public static void start(String stateDirOption) {
        try {
            Thread t = new Thread(new LeftoversReap(stateDirOption), "odyssey-guard-reap");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable ignored) {
            // the command's reap covers it
        }
    }

    @Override
    public void run() {
        try {
            Path dir = StateDirectory.resolve(stateDirOption);
            if (!Files.isDirectory(dir)) {
                return;
            }
            Journal journal = new Journal(dir);
            Reaper reaper = new Reaper(journal, new SessionsClosing(new SessionCloser()), BUDGET);
            for (Reaper.Reaped r : reaper.reapGone(Reporter::warn)) {
                Reporter.report("closed " + r.closedCount() + " of " + r.closed().size()
                        + " Odyssey sessions left open by pid " + r.jvm().pid() + " (" + r.jvm().mainClass()
                        + "), which is gone");
            }
        } catch (Throwable t) {
            Reporter.debug("reaping the journal failed: " + t.getClass().getName());
        }
    }
}
