package io.odysseyguard.benchmarks.torture.child;

import io.odysseyguard.client.OdysseyListener;

/**
 * Tells who ended each session: the client calls {@code onDisconnected} once, on the thread whose {@code disconnect()}
 * closed the session (the guard's release threads are named {@value #GUARD_THREAD}...), or on its socket's thread when
 * the socket ended otherwise.
 */
public final class ClosedBy implements OdysseyListener {
    static final String GUARD_THREAD = "odyssey-guard-release";
    private final String generation;
    private volatile String sessionId;

    public ClosedBy(String generation) {
        this.generation = generation;
    }

    @Override
    public void onConnected(String sessionId) {
        this.sessionId = sessionId;
        Report.line("session " + generation + " " + sessionId);
    }

    @Override
    public void onDisconnected(int closeCode, String reason, boolean byServer) {
        String thread = Thread.currentThread().getName();
        if (closeCode == 1000 && !byServer) {
            Report.line("closed " + sessionId + " by " + (thread.startsWith(GUARD_THREAD) ? "guard" : "app"));
        } else {
            Report.line("lost " + sessionId + " " + closeCode + (byServer ? " by-server" : ""));
        }
    }
}
