package io.odysseyguard.guard.tracked;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the guard knows about one open connection, taken when it was opened: which generation opened it (the owner,
 * the class loader a reload will discard), where (the creation site) and when. It is itself a weak reference to the
 * connection and holds no strong reference to the connection, its class or any class loader.
 */
public final class TrackedConnection extends WeakReference<Object> {
    /** Numbers the records in the order they are made: an id never repeats in a JVM. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final long id;
    private final int identityHash;
    private final String className;
    private final List<String> closeMethods;
    private final WeakReference<ClassLoader> owner;
    private final String ownerDescription;
    private final long openedAtMillis;
    private final List<String> site;

    /** The application's own close calls on it that are running (entered, not returned); under {@code this}. */
    private int applicationCloses;
    /** Whether a close of the application's returned while it was claimed for release; under {@code this}. */
    private boolean closedByApplication;
    /** The guard's release thread closing it: its close calls are not the application's. */
    private volatile Thread releasingThread;

    TrackedConnection(Object connection, ReferenceQueue<Object> queue, List<String> closeMethods, ClassLoader owner,
                      List<String> site) {
        super(connection, queue);
        this.id = SEQUENCE.incrementAndGet();
        this.identityHash = System.identityHashCode(connection);
        this.className = connection.getClass().getName();
        this.closeMethods = closeMethods;
        this.owner = new WeakReference<>(owner);
        this.ownerDescription = Loaders.describe(owner);
        this.openedAtMillis = System.currentTimeMillis();
        this.site = site;
    }

    /**
     * The record of {@code connection}, just opened by the code on the calling stack. The opener's class loader
     * ({@link CreationSite}) is the owner generation, unless the thread's context loader sits below it (a framework
     * class in a parent loader opening on behalf of reloadable code); without an opener the context loader is the owner.
     */
    static TrackedConnection capture(Object connection, List<String> closeMethods, CreationSite sites,
                                     ReferenceQueue<Object> queue) {
        CreationSite.Read read = sites.read(connection.getClass());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader owner = read.openerLoader();
        if (!read.found()) {
            owner = context;
        } else if (context != null && context != owner && Loaders.isSameOrBelow(context, owner)) {
            owner = context;
        }
        return new TrackedConnection(connection, queue, closeMethods, owner, read.site());
    }

    /** This record's number: unique in this JVM, and larger for a connection tracked later. */
    public long id() {
        return id;
    }

    int identityHash() {
        return identityHash;
    }

    public String className() {
        return className;
    }

    /** The target's no-argument close methods, in the order release tries them. */
    public List<String> closeMethods() {
        return closeMethods;
    }

    /** The owner generation, or null once it was collected (or when it is the bootstrap loader). */
    public ClassLoader owner() {
        return owner.get();
    }

    /** The owner as described when the connection was opened: {@code app}, {@code RestartClassLoader@1f2e3d}. */
    public String ownerDescription() {
        return ownerDescription;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** The creation site, innermost frame first, each as {@code cls.method(File.java:42)}. */
    public List<String> site() {
        return site;
    }

    /** The creation site as one string: {@code a.B.c(B.java:1) <- d.E.f(E.java:2)}, or "an unknown place". */
    public String siteText() {
        return site.isEmpty() ? "an unknown place" : String.join(" <- ", site);
    }

    // ---------------------------------------------------------------- the application's own close, while a trigger runs

    /** Whether the calling thread is the guard's, releasing it (its close calls are then not the application's). */
    boolean isBeingReleasedByThisThread() {
        return releasingThread == Thread.currentThread();
    }

    /** The guard's release of it runs on the calling thread from now on. */
    public void releasingOnThisThread() {
        releasingThread = Thread.currentThread();
    }

    /** The application entered one of its close methods. */
    synchronized void applicationCloseStarted() {
        applicationCloses++;
    }

    /** An application close of it ended: {@code returned} normally (it is closed), or by throwing. */
    synchronized void applicationCloseEnded(boolean returned) {
        if (applicationCloses > 0) {
            applicationCloses--;
        }
        if (returned) {
            closedByApplication = true;
        }
        notifyAll();
    }

    /**
     * Waits until no close of the application's runs on it any more, at most until {@code deadlineNanos}
     * ({@link System#nanoTime()}); true when none runs. An interrupt ends the wait early and is kept.
     */
    public synchronized boolean awaitApplicationCloses(long deadlineNanos) {
        while (applicationCloses > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return applicationCloses == 0;
            }
        }
        return true;
    }

    /** True when the application's own close of it returned after it was claimed for release. */
    public synchronized boolean closedByApplication() {
        return closedByApplication;
    }

    /**
     * A tracked connection claimed for release: no longer tracked, and held strongly so that it cannot vanish between
     * its selection and its release.
     */
    public record Claimed(TrackedConnection tracked, Object connection) {
        /**
         * True when it belongs to a generation {@code generation} accepts: its owner generation or a parent of it is
         * one, or its class was defined by one or a loader below one (what an application server's redeploy means).
         */
        public boolean belongsTo(Predicate<ClassLoader> generation) {
            return Loaders.anyInChain(tracked.owner(), generation)
                    || Loaders.anyInChain(connection.getClass().getClassLoader(), generation);
        }
    }
}
