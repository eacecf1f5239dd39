package io.odysseyguard.guard.tracked;

import java.lang.StackWalker.StackFrame;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the guard knows about one open connection, taken when it was opened: which generation opened it (the owner,
 * the class loader a reload will discard), where (the creation site) and when. It is itself a weak reference to the
 * connection and holds no strong reference to the connection, its class or any class loader.
 */
public final class TrackedConnection extends WeakReference<Object> {
    private static final int MAX_SCANNED_FRAMES = 64;
    private static volatile StackWalker walker;
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
     * The record of {@code connection}, just opened by the code on the calling stack. A {@code StackWalker} (class
     * references retained, at most 64 frames) finds the opener: the first frame outside the JDK and the connection's
     * own class hierarchy. Its class loader is the owner generation, unless the thread's context loader sits below it
     * (a framework class in a parent loader opening on behalf of reloadable code); without such a frame the context
     * loader is the owner. The creation site is the opener's frame and its callers, {@code stackDepth} of them.
     */
    static TrackedConnection capture(Object connection, List<String> closeMethods, int stackDepth,
                                     ReferenceQueue<Object> queue) {
        Opener opener = walker().walk(frames -> findOpener(frames.iterator(), connection.getClass(), stackDepth));
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader owner = opener.loader();
        if (!opener.found()) {
            owner = context;
        } else if (context != null && context != owner && Loaders.isSameOrBelow(context, owner)) {
            owner = context;
        }
        return new TrackedConnection(connection, queue, closeMethods, owner, opener.site());
    }

    /** The opener's frame: its class's loader, and the site from it outwards. */
    private record Opener(ClassLoader loader, boolean found, List<String> site) {
    }

    private static Opener findOpener(Iterator<StackFrame> frames, Class<?> type, int depth) {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        String nestedPrefix = type.getName() + "$";
        ClassLoader loader = null;
        boolean found = false;
        List<String> site = new ArrayList<>(Math.max(depth, 1));
        for (int scanned = 0; frames.hasNext() && scanned < MAX_SCANNED_FRAMES; scanned++) {
            StackFrame f = frames.next();
            if (!found) {
                Class<?> c = f.getDeclaringClass();
                ClassLoader l = c.getClassLoader();
                if (l == null || l == platform || c.isAssignableFrom(type) || c.getName().startsWith(nestedPrefix)) {
                    continue; // the JDK, the guard (bootstrap), the connection's own code
                }
                loader = l;
                found = true;
            }
            if (site.size() >= depth) {
                break;
            }
            site.add(render(f));
        }
        return new Opener(loader, found, List.copyOf(site));
    }

    private static StackWalker walker() {
        StackWalker w = walker;
        if (w == null) {
            w = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);
            walker = w;
        }
        return w;
    }

    private static String render(StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        String where = file == null ? "Unknown Source" : (line >= 0 ? file + ":" + line : file);
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
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
