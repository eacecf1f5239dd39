package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.reported.ReleaseReport;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import io.odysseyguard.guard.tracked.Tracker;

import java.util.List;
import java.util.function.Predicate;

/**
 * The one way every trigger releases: claim what it names (the connections leave the tracker, held strongly until
 * their release ends), release them (each through its own close, in parallel, within {@code waitMillis}), report what
 * the guard released (one line), and contain every error (a trigger runs inside the application's or the framework's
 * own call: nothing is thrown back). Nothing is done, and nothing loaded, when nothing is tracked.
 */
final class Release {
    private Release() {
    }

    /**
     * Claims the connections {@code which} accepts and releases them, reported as {@code phrase}; how many the guard
     * released.
     *
     * @param what names the trigger in the debug line of a failure ({@code "on DevTools restart"})
     */
    static int of(Predicate<Claimed> which, String phrase, long waitMillis, String what) {
        if (Tracker.isEmpty()) {
            return 0;
        }
        try {
            return claimed(Tracker.claim(which), phrase, waitMillis, what);
        } catch (Throwable t) {
            Reporter.debug("could not release " + what + ": " + t.getClass().getName());
            return 0;
        }
    }

    /** Releases connections already claimed (the caller needed them to word its phrase); as {@link #of}. */
    static int claimed(List<Claimed> claimed, String phrase, long waitMillis, String what) {
        try {
            List<Releaser.Outcome> outcomes = Releaser.release(claimed, waitMillis);
            ReleaseReport.print(phrase, outcomes, waitMillis);
            return Releaser.releasedCount(outcomes);
        } catch (Throwable t) {
            Reporter.debug("could not release " + what + ": " + t.getClass().getName());
            return 0;
        }
    }
}
