package io.odysseyguard.guard;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * What the guard knows about one open connection. It is itself a weak reference to the connection and
 * holds no strong reference to the connection, its class or any class loader: the owner generation is a
 * {@link WeakReference} plus a description rendered when the connection was opened.
 */
final class ConnectionRecord extends WeakReference<Object> {
    final int identityHash;
    final String className;
    /** Names of the target's no-argument close methods, {@code |}-separated, tried in order. */
    final String closeMethods;
    final WeakReference<ClassLoader> owner;
    final String ownerDescription;
    final long openedAtMillis;
    /** Creation site, innermost first, rendered as {@code cls.method(File.java:42)}. */
    final String[] site;

    ConnectionRecord(Object connection, ReferenceQueue<Object> queue, String closeMethods, ClassLoader owner,
                     String ownerDescription, long openedAtMillis, String[] site) {
        super(connection, queue);
        this.identityHash = System.identityHashCode(connection);
        this.className = connection.getClass().getName();
        this.closeMethods = closeMethods;
        this.owner = new WeakReference<>(owner);
        this.ownerDescription = ownerDescription;
        this.openedAtMillis = openedAtMillis;
        this.site = site;
    }

    /** The creation site as one string: {@code a.B.c(B.java:1) <- d.E.f(E.java:2)}, or "unknown place". */
    String siteText() {
        if (site == null || site.length == 0) {
            return "an unknown place";
        }
        return String.join(" <- ", site);
    }
}
