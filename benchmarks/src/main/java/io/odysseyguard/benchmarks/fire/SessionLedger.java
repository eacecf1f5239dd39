package io.odysseyguard.benchmarks.fire;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The truth the server's counts are checked against: every session the harness opened ({@code POST /sessions/request}
 * answered 200) and every one it closed (the server confirmed the graceful close). Thread-safe.
 */
public final class SessionLedger {

    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong opens = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong closes = new java.util.concurrent.atomic.AtomicLong();

    public void opened(String sessionId) {
        if (open.add(sessionId)) {
            opens.incrementAndGet();
        }
    }

    public void closed(String sessionId) {
        if (open.remove(sessionId)) {
            closes.incrementAndGet();
        }
    }

    /** Opens minus closes: what {@code concurrent_sessions} must say when no operation is in flight. */
    public long expectedConcurrent() {
        return opens.get() - closes.get();
    }

    public long opens() {
        return opens.get();
    }

    public boolean isOpen(String sessionId) {
        return open.contains(sessionId);
    }

    public Set<String> stillOpen() {
        return Set.copyOf(open);
    }
}
