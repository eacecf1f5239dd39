package io.odysseyguard.guard;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The bridge the inlined advice calls: {@link #opened}, {@link #closed} and {@link #loaderClosing}. It lives
 * in the bootstrap class loader (the agent appends it there before anything else loads it), so the same class,
 * and thus one registry, is reachable from every class loader: the application's, a {@code URLClassLoader}'s,
 * DevTools' restart loader, Quarkus' loaders, and {@code java.net.URLClassLoader} itself.
 *
 * <p>Every entry point contains every {@link Throwable}: nothing is ever thrown into the application.
 */
public final class Tracker {
    private static final WeakIdentityRegistry REGISTRY = new WeakIdentityRegistry();
    private static final AtomicBoolean FIRST_TRACK = new AtomicBoolean();
    private static final int MAX_SCANNED_FRAMES = 64;

    private static volatile boolean installed;
    private static volatile long releaseTimeoutMillis = 2000;
    private static volatile long exitBudgetMillis = 5000;
    private static volatile int stackDepth = 3;
    private static volatile Runnable firstTrackHook;
    private static volatile StackWalker walker;

    private Tracker() {
    }

    /**
     * Called once by the agent: applies the options, registers the JVM-exit trigger, and remembers what to run
     * when the first connection is tracked (the agent instruments {@code URLClassLoader.close()} then).
     */
    public static synchronized void install(long releaseTimeoutMs, long exitBudgetMs, int depth, boolean quiet,
                                            boolean debug, Runnable onFirstTrack) {
        if (installed) {
            return;
        }
        releaseTimeoutMillis = releaseTimeoutMs;
        exitBudgetMillis = exitBudgetMs;
        stackDepth = depth;
        Reporter.configure(quiet, debug);
        firstTrackHook = onFirstTrack;
        Thread hook = Releaser.newThread(new ExitTrigger(), "odyssey-guard-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        installed = true;
    }

    static boolean isInstalled() {
        return installed;
    }

    // ---------------------------------------------------------------- called from inlined advice

    /** After a target's open method returned normally: track {@code connection}. */
    public static void opened(Object connection, String closeMethods) {
        if (connection == null || !installed) {
            return;
        }
        try {
            Class<?> type = connection.getClass();
            Object[] capture = capture(type);
            ClassLoader owner = (ClassLoader) capture[0];
            String[] site = (String[]) capture[1];
            long now = System.currentTimeMillis();
            String ownerDescription = Loaders.describe(owner);
            boolean added = REGISTRY.add(connection,
                    (c, q) -> new ConnectionRecord(c, q, closeMethods, owner, ownerDescription, now, site));
            if (added && Reporter.isDebug()) {
                Reporter.debug("tracking " + type.getName() + " owned by " + ownerDescription + " opened at "
                        + (site.length == 0 ? "an unknown place" : String.join(" <- ", site)));
            }
            if (FIRST_TRACK.compareAndSet(false, true)) {
                Runnable hook = firstTrackHook;
                if (hook != null) {
                    hook.run();
                }
            }
        } catch (Throwable t) {
            Reporter.debug("could not track a connection: " + t.getClass().getName());
        }
    }

    /** After a target's close method returned normally: stop tracking {@code connection}. */
    public static void closed(Object connection) {
        if (connection == null || !installed) {
            return;
        }
        try {
            ConnectionRecord r = REGISTRY.remove(connection);
            if (r != null) {
                Reporter.debug("closed by the application: " + r.className + " opened at " + r.siteText());
            }
        } catch (Throwable t) {
            Reporter.debug("could not untrack a connection: " + t.getClass().getName());
        }
    }

    /** On entry to {@code URLClassLoader.close()}: release the connections that belong to that loader. */
    public static void loaderClosing(Object loader) {
        if (!installed || !(loader instanceof ClassLoader)) {
            return;
        }
        try {
            if (REGISTRY.size() == 0) {
                return;
            }
            ClassLoader l = (ClassLoader) loader;
            String description = Loaders.describe(l);
            Releaser.release(REGISTRY.removeIf(new BelongsTo(l)), "when " + description + " was closed",
                    description, "when it was closed", releaseTimeoutMillis);
        } catch (Throwable t) {
            Reporter.debug("could not release on loader close: " + t.getClass().getName());
        }
    }

    /** The class of the generations Spring Boot DevTools discards on restart (matched by name). */
    static final String DEVTOOLS_RESTART_CLASS_LOADER = "org.springframework.boot.devtools.restart.classloader.RestartClassLoader";

    /**
     * At the exit of DevTools' {@code Restarter.stop()}: the old contexts are closed and the next generation is
     * not started yet. Releases the connections whose owner generation is (or sits below) a DevTools
     * {@code RestartClassLoader}, or whose class such a loader defined: only the discarded generation has any
     * at this point.
     */
    public static void devToolsRestart() {
        if (!installed) {
            return;
        }
        try {
            if (REGISTRY.size() == 0) {
                return;
            }
            Releaser.release(REGISTRY.removeIf(new OwnedByLoaderClass(DEVTOOLS_RESTART_CLASS_LOADER)),
                    "on DevTools restart", releaseTimeoutMillis);
        } catch (Throwable t) {
            Reporter.debug("could not release on DevTools restart: " + t.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- triggers

    static int releaseBelongingTo(ClassLoader loader, String trigger) {
        try {
            return Releaser.release(REGISTRY.removeIf(new BelongsTo(loader)), trigger, releaseTimeoutMillis);
        } catch (Throwable t) {
            Reporter.debug("release failed: " + t.getClass().getName());
            return 0;
        }
    }

    /** Releases everything; {@code budgetMillis < 0} means the release timeout. */
    static int releaseAllConnections(String trigger, long budgetMillis) {
        try {
            long wait = budgetMillis < 0 ? releaseTimeoutMillis : Math.min(releaseTimeoutMillis, budgetMillis);
            return Releaser.release(REGISTRY.removeIf(ALL), trigger, wait);
        } catch (Throwable t) {
            Reporter.debug("release failed: " + t.getClass().getName());
            return 0;
        }
    }

    static List<ConnectionRecord> records() {
        return REGISTRY.snapshot();
    }

    /** The JVM-exit trigger: normal exit, {@code System.exit}, SIGINT, SIGTERM. */
    private static final class ExitTrigger implements Runnable {
        @Override
        public void run() {
            releaseAllConnections("at JVM exit", exitBudgetMillis);
        }
    }

    private static final Predicate<Object[]> ALL = new Predicate<>() {
        @Override
        public boolean test(Object[] pair) {
            return true;
        }
    };

    /**
     * "Belongs to loader L": its owner generation is L or below L, or its class was defined by L or below L
     * (what an application server's redeploy means).
     */
    private static final class BelongsTo implements Predicate<Object[]> {
        private final ClassLoader loader;

        BelongsTo(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public boolean test(Object[] pair) {
            ConnectionRecord r = (ConnectionRecord) pair[0];
            ClassLoader owner = r.owner.get();
            return (owner != null && Loaders.isSameOrBelow(owner, loader))
                    || Loaders.isSameOrBelow(pair[1].getClass().getClassLoader(), loader);
        }
    }

    /**
     * "Belongs to a generation of class loader class C": its owner generation, or the loader of its class, is an
     * instance of C (by name, or a subclass of it) or sits below one.
     */
    private static final class OwnedByLoaderClass implements Predicate<Object[]> {
        private final String loaderClassName;

        OwnedByLoaderClass(String loaderClassName) {
            this.loaderClassName = loaderClassName;
        }

        @Override
        public boolean test(Object[] pair) {
            ConnectionRecord r = (ConnectionRecord) pair[0];
            return hasSuchLoader(r.owner.get()) || hasSuchLoader(pair[1].getClass().getClassLoader());
        }

        private boolean hasSuchLoader(ClassLoader loader) {
            for (ClassLoader l = loader; l != null; l = l.getParent()) {
                for (Class<?> c = l.getClass(); c != null && c != ClassLoader.class; c = c.getSuperclass()) {
                    if (c.getName().equals(loaderClassName)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- owner generation and creation site

    /**
     * Walks the calling frames: the first frame outside this class, the JDK and the connection's own class
     * hierarchy is the opener; its class loader is the owner generation, unless the thread's context loader
     * sits below it (a framework class in a parent loader opening on behalf of reloadable code). Without such
     * a frame the context loader is the owner. Returns {owner, site}.
     */
    private static Object[] capture(Class<?> type) {
        StackWalker w = walker;
        if (w == null) {
            w = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);
            walker = w;
        }
        int depth = stackDepth;
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        String nestedPrefix = type.getName() + "$";
        Object[] found = w.walk(frames -> {
            ClassLoader owner = null;
            boolean ownerFound = false;
            List<String> site = new ArrayList<>(Math.max(depth, 1));
            int scanned = 0;
            for (Iterator<StackFrame> it = frames.iterator(); it.hasNext() && scanned < MAX_SCANNED_FRAMES; scanned++) {
                StackFrame f = it.next();
                if (!ownerFound) {
                    Class<?> c = f.getDeclaringClass();
                    ClassLoader l = c.getClassLoader();
                    if (l == null || l == platform || c.isAssignableFrom(type) || c.getName().startsWith(nestedPrefix)) {
                        continue;
                    }
                    owner = l;
                    ownerFound = true;
                }
                if (site.size() >= depth) {
                    break;
                }
                site.add(render(f));
            }
            return new Object[] {owner, ownerFound, site.toArray(new String[0])};
        });
        ClassLoader owner = (ClassLoader) found[0];
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (!(Boolean) found[1]) {
            owner = context;
        } else if (context != null && context != owner && Loaders.isSameOrBelow(context, owner)) {
            owner = context;
        }
        return new Object[] {owner, found[2]};
    }

    private static String render(StackFrame f) {
        String file = f.getFileName();
        int line = f.getLineNumber();
        String where = file == null ? "Unknown Source" : (line >= 0 ? file + ":" + line : file);
        return f.getClassName() + "." + f.getMethodName() + "(" + where + ")";
    }
}
