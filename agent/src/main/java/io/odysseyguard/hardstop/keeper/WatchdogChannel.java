package io.odysseyguard.hardstop.keeper;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.hardstop.HeldSession;
import io.odysseyguard.hardstop.watchdog.WatchdogLink;

import java.io.IOException;
import java.util.Map;

/**
 * What this JVM's watchdog was told, and telling it the difference: the watchdog is started with the first session
 * held (so that connections without credentials never cost a process), then told each change on the thread that
 * reports it, within a bound. No threads of its own (the link has its writer); its owner serializes the calls.
 */
final class WatchdogChannel {
    /** Starts the watchdog; null when there is none to start (turned off, no agent jar: it says why itself). */
    interface Starter {
        WatchdogLink start() throws IOException;
    }

    private final Starter starter;
    private boolean started;
    private WatchdogLink link;
    private Map<Long, HeldSession> told = Map.of();

    WatchdogChannel(Starter starter) {
        this.starter = starter;
    }

    /**
     * Tells the watchdog what differs between what it was told and {@code now}, starting it with the first session,
     * and waits at most {@code waitMillis} for the messages to be in its pipe. A watchdog that cannot start leaves the
     * journal: warned once.
     */
    void tell(Map<Long, HeldSession> now, long waitMillis) {
        if (!now.isEmpty() && !started) {
            start();
        }
        if (link != null) {
            SessionLedger.Change change = SessionLedger.change(told, now);
            for (Long key : change.forget()) {
                link.forget(key);
            }
            for (HeldSession s : change.remember()) {
                link.remember(s);
            }
            if (!change.isEmpty()) {
                link.flush(waitMillis);
            }
        }
        told = now;
    }

    private void start() {
        started = true;
        try {
            link = starter.start();
            if (link != null) {
                Reporter.debug("watchdog started, pid " + link.pid());
            }
        } catch (IOException | RuntimeException e) {
            Reporter.warn("the watchdog could not start (" + e.getClass().getName()
                    + "); the journal still covers a hard stop, when the next guarded JVM loads the client or on"
                    + " `odyssey-guard reap`");
        }
    }

    /** What the watchdog was last told (or would have been, without one), by key. */
    Map<Long, HeldSession> told() {
        return told;
    }

    /** The watchdog's pid, 0 without one. */
    long pid() {
        return link == null ? 0 : link.pid();
    }

    /** The JVM exits cleanly: the watchdog closes what it still remembers (nothing, normally) and exits. */
    void goodbye(long waitMillis) {
        if (link != null) {
            link.goodbye(waitMillis);
        }
    }
}
