package io.odysseyguard.hardstop;

import io.odysseyguard.guard.threads.DetachedThreads;
import io.odysseyguard.client.session.SessionCloser;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.output.Reporter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes the sessions that JVMs which are gone (killed with their watchdog, or the machine went down) left in the
 * journal, on a background daemon thread, once per JVM: when the agent first sees a hooked class (the Odyssey client
 * is being loaded, or a dev server starts), so that they free their slots before this JVM asks for one, and a JVM that
 * never uses Odyssey never pays for it. Usually there is no journal at all, and it ends after one directory listing.
 */
public final class LeftoversReap implements Runnable {
    /** Each session's close may take this long. */
    static final long BUDGET_MILLIS = 2000;

    private final String stateDirOption;
    private final AtomicBoolean started = new AtomicBoolean();

    /** @param stateDirOption the {@code state-dir} option (empty: the platform's) */
    public LeftoversReap(String stateDirOption) {
        this.stateDirOption = stateDirOption;
    }

    /** Starts it in the background, the first time only; never throws. */
    public void startInBackground() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread t = DetachedThreads.of(this, "odyssey-guard-reap");
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } catch (Throwable ignored) {
            // `odyssey-guard reap` covers it
        }
    }

    @Override
    public void run() {
        try {
            Path dir = StateDirectory.resolve(stateDirOption);
            if (!hasJournalFiles(dir)) {
                return; // the usual case: one directory listing, nothing more loaded
            }
            Journal journal = new Journal(dir);
            Reaper reaper = new Reaper(journal, new SessionsClosing(new SessionCloser()),
                    Duration.ofMillis(BUDGET_MILLIS));
            for (Reaper.Reaped r : reaper.reapGone(Reporter::warn)) {
                Reporter.report("closed " + r.closedCount() + " of " + r.closed().size()
                        + " Odyssey sessions left open by pid " + r.jvm().pid() + " (" + r.jvm().mainClass()
                        + "), which is gone");
            }
        } catch (Throwable t) {
            Reporter.debug("reaping the journal failed: " + t.getClass().getName());
        }
    }

    private static boolean hasJournalFiles(Path dir) {
        String[] names = dir.toFile().list();
        if (names != null) {
            for (String name : names) {
                if (Journal.isJournalFile(Path.of(name))) {
                    return true;
                }
            }
        }
        return false;
    }
}
