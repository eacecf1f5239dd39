package io.odysseyguard.guard;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Open connections, keyed by identity (never {@code equals}/{@code hashCode}, which a connection class may
 * override) and held weakly: buckets of {@link ConnectionRecord}s by identity hash, cleared records are
 * expunged through a {@link ReferenceQueue} on every operation. Connections are opened rarely, so one lock
 * is plenty.
 */
final class WeakIdentityRegistry {
    /** Builds a record for a connection not yet tracked. */
    interface RecordFactory {
        ConnectionRecord create(Object connection, ReferenceQueue<Object> queue);
    }

    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final Map<Integer, List<ConnectionRecord>> buckets = new HashMap<>();
    private int size;

    /** Tracks {@code connection} unless it already is; returns true if it was added. */
    synchronized boolean add(Object connection, RecordFactory factory) {
        expunge();
        int hash = System.identityHashCode(connection);
        List<ConnectionRecord> bucket = buckets.get(hash);
        if (bucket != null) {
            for (ConnectionRecord r : bucket) {
                if (r.get() == connection) {
                    return false;
                }
            }
        }
        ConnectionRecord record = factory.create(connection, queue);
        if (bucket == null) {
            bucket = new ArrayList<>(1);
            buckets.put(hash, bucket);
        }
        bucket.add(record);
        size++;
        return true;
    }

    /** Stops tracking {@code connection}; returns its record or null. */
    synchronized ConnectionRecord remove(Object connection) {
        expunge();
        int hash = System.identityHashCode(connection);
        List<ConnectionRecord> bucket = buckets.get(hash);
        if (bucket == null) {
            return null;
        }
        for (Iterator<ConnectionRecord> it = bucket.iterator(); it.hasNext(); ) {
            ConnectionRecord r = it.next();
            if (r.get() == connection) {
                it.remove();
                size--;
                if (bucket.isEmpty()) {
                    buckets.remove(hash);
                }
                return r;
            }
        }
        return null;
    }

    /**
     * Removes and returns the live records the predicate accepts. The caller receives each record together
     * with a strong reference to its connection, so a connection cannot vanish between selection and release.
     */
    synchronized List<Object[]> removeIf(Predicate<Object[]> predicate) {
        expunge();
        List<Object[]> taken = new ArrayList<>();
        for (Iterator<List<ConnectionRecord>> bi = buckets.values().iterator(); bi.hasNext(); ) {
            List<ConnectionRecord> bucket = bi.next();
            for (Iterator<ConnectionRecord> it = bucket.iterator(); it.hasNext(); ) {
                ConnectionRecord r = it.next();
                Object connection = r.get();
                if (connection == null) {
                    continue; // expunged on a later call
                }
                Object[] pair = {r, connection};
                if (predicate.test(pair)) {
                    it.remove();
                    size--;
                    taken.add(pair);
                }
            }
            if (bucket.isEmpty()) {
                bi.remove();
            }
        }
        return taken;
    }

    /** The live records, for reporting. */
    synchronized List<ConnectionRecord> snapshot() {
        expunge();
        List<ConnectionRecord> all = new ArrayList<>(size);
        for (List<ConnectionRecord> bucket : buckets.values()) {
            for (ConnectionRecord r : bucket) {
                if (r.get() != null) {
                    all.add(r);
                }
            }
        }
        return all;
    }

    /** Records not yet expunged (cleared ones may still count until the next operation). */
    synchronized int size() {
        expunge();
        return size;
    }

    private void expunge() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) {
            ConnectionRecord dead = (ConnectionRecord) ref;
            List<ConnectionRecord> bucket = buckets.get(dead.identityHash);
            if (bucket != null && bucket.remove(dead)) {
                size--;
                if (bucket.isEmpty()) {
                    buckets.remove(dead.identityHash);
                }
            }
        }
    }
}
