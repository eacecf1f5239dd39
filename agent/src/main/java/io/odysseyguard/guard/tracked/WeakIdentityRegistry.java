package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The open connections, keyed by identity (never {@code equals}/{@code hashCode}, which a connection class may
 * override) and held weakly: buckets of {@link TrackedConnection}s by identity hash; cleared ones are expunged through
 * the {@link ReferenceQueue} on every operation. Connections are opened rarely, so one lock is plenty.
 */
final class WeakIdentityRegistry {
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Map<Integer, List<TrackedConnection>> buckets = new HashMap<>();
    private int size;

    /** The queue a {@link TrackedConnection} for this registry must be created with. */
    ReferenceQueue<Object> queue() {
        return queue;
    }

    /** Tracks the connection of {@code tracked} unless it already is; returns true if it was added. */
    synchronized boolean add(TrackedConnection tracked) {
        expunge();
        Object connection = tracked.get();
        if (connection == null) {
            return false;
        }
        List<TrackedConnection> bucket = buckets.get(tracked.identityHash());
        if (bucket != null) {
            for (TrackedConnection t : bucket) {
                if (t.get() == connection) {
                    return false;
                }
            }
        } else {
            bucket = new ArrayList<>(1);
            buckets.put(tracked.identityHash(), bucket);
        }
        bucket.add(tracked);
        size++;
        return true;
    }

    /** Whether {@code connection} is tracked. */
    synchronized boolean contains(Object connection) {
        return find(connection) != null;
    }

    /** The record of {@code connection}, or null when it is not tracked. */
    synchronized TrackedConnection find(Object connection) {
        List<TrackedConnection> bucket = buckets.get(System.identityHashCode(connection));
        if (bucket != null) {
            for (TrackedConnection t : bucket) {
                if (t.get() == connection) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Stops tracking {@code connection}; returns what was known of it, or null. */
    synchronized TrackedConnection remove(Object connection) {
        expunge();
        int hash = System.identityHashCode(connection);
        List<TrackedConnection> bucket = buckets.get(hash);
        if (bucket == null) {
            return null;
        }
        for (Iterator<TrackedConnection> it = bucket.iterator(); it.hasNext(); ) {
            TrackedConnection t = it.next();
            if (t.get() == connection) {
                it.remove();
                size--;
                if (bucket.isEmpty()) {
                    buckets.remove(hash);
                }
                return t;
            }
        }
        return null;
    }

    /** Stops tracking the live connections {@code which} accepts and hands them over, held strongly. */
    synchronized List<Claimed> claim(Predicate<Claimed> which) {
        expunge();
        List<Claimed> claimed = new ArrayList<>();
        for (Iterator<List<TrackedConnection>> bi = buckets.values().iterator(); bi.hasNext(); ) {
            List<TrackedConnection> bucket = bi.next();
            for (Iterator<TrackedConnection> it = bucket.iterator(); it.hasNext(); ) {
                TrackedConnection t = it.next();
                Object connection = t.get();
                if (connection == null) {
                    continue; // expunged on a later call
                }
                Claimed c = new Claimed(t, connection);
                if (which.test(c)) {
                    it.remove();
                    size--;
                    claimed.add(c);
                }
            }
            if (bucket.isEmpty()) {
                bi.remove();
            }
        }
        return claimed;
    }

    /** The live tracked connections, for reporting. */
    synchronized List<TrackedConnection> snapshot() {
        expunge();
        List<TrackedConnection> all = new ArrayList<>(size);
        for (List<TrackedConnection> bucket : buckets.values()) {
            for (TrackedConnection t : bucket) {
                if (t.get() != null) {
                    all.add(t);
                }
            }
        }
        return all;
    }

    /** Connections not yet expunged (cleared ones may still count until the next operation). */
    synchronized int size() {
        expunge();
        return size;
    }

    private void expunge() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) {
            TrackedConnection dead = (TrackedConnection) ref;
            List<TrackedConnection> bucket = buckets.get(dead.identityHash());
            if (bucket != null && bucket.remove(dead)) {
                size--;
                if (bucket.isEmpty()) {
                    buckets.remove(dead.identityHash());
                }
            }
        }
    }
}
