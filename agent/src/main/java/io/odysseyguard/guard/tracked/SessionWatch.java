package io.odysseyguard.guard.tracked;

/**
 * Told when what the tracker holds may have changed, so that the sessions the connections hold can be kept where they
 * survive a hard stop of this JVM (its watchdog process, its journal). The agent installs one; it tells the watchdog on
 * the caller's thread, and does the rest (the journal) on its own.
 */
public interface SessionWatch {
    /**
     * A connection was tracked, closed or released: look again. Runs on the caller's thread (the application's, right
     * after its open or close method returned), so what is held is safe from a hard stop before the call returns to
     * the application: bounded (a fraction of a millisecond normally, a process spawn at the first session), never
     * throws.
     */
    void changed();

    /**
     * The service refused a new session: the concurrent limit of {@code limit} is reached, {@code activeCount} held.
     * Say who holds them; the caller (the refused connect) waits a bounded moment for the line.
     */
    void limitReached(int limit, int activeCount);

    /** The JVM is exiting and the exit trigger released what it could: settle up within {@code budgetMillis}. */
    void exiting(long budgetMillis);
}
