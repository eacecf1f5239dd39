package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The connections being tracked, and the entry points the inlined advice calls: {@link #opened} after a target's
 * open method returned (and, for the Odyssey client, {@link #connecting} on entry to its connect and
 * {@link #connectFailed} when it threw), {@link #closing} on entry to its close method, {@link #closed} after it
 * returned and {@link #closeThrew} when it threw. The triggers {@link #claim} what they
 * release. It lives in the bootstrap class loader, so the same class, and thus one registry, is reachable from every
 * class loader: the application's, a webapp's, DevTools' restart loader, Quarkus' loaders, {@code URLClassLoader}.
 *
 * <p>Every entry point contains every {@link Throwable}: nothing is ever thrown into the application.
 */
public final class Tracker {
    private static final WeakIdentityRegistry REGISTRY = new WeakIdentityRegistry();
    /**
     * The claimed connections whose release runs, by identity. Held strongly, as their release holds them anyway, and
     * only until it ends ({@link #releaseEnded}).
     */
    private static final Map<Object, TrackedConnection> RELEASING = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final AtomicBoolean FIRST_TRACKED = new AtomicBoolean();

    /** What the agent installed the tracker with; null until then (the API on a JVM without the agent). */
    private static volatile Installation installation;

    private record Installation(CreationSite sites, Map<String, List<String>> closeMethodsByTarget,
                                Runnable onFirstConnection, SessionWatch watch) {
    }

    private Tracker() {
    }

    /**
     * Called once by the agent, last of its installation steps: from now on connections are tracked.
     *
     * @param stackDepth           creation-site frames to record per connection
     * @param skipFrames           the {@code skip-frames} entries: whose frames a creation site leaves out
     * @param closeMethodsByTarget for each target class, its no-argument close methods in the order release tries them
     * @param onFirstConnection    what the agent sets up when the first connection is tracked (never throws)
     * @param watch                told of every change, to keep the held sessions safe from a hard stop
     */
    public static synchronized void install(int stackDepth, List<String> skipFrames,
                                            Map<String, List<String>> closeMethodsByTarget,
                                            Runnable onFirstConnection, SessionWatch watch) {
        if (installation == null) {
            installation = new Installation(new CreationSite(stackDepth, skipFrames), Map.copyOf(closeMethodsByTarget),
                    onFirstConnection, watch);
        }
    }

    public static boolean isInstalled() {
        return installation != null;
    }

    /** True once a connection has been tracked in this JVM (what the agent defers to the first one is due from then on). */
    public static boolean hasTrackedAConnection() {
        return FIRST_TRACKED.get();
    }

    // ---------------------------------------------------------------- called from inlined advice

    /**
     * After {@code target}'s open method returned normally on {@code connection}: track it (unless its connect's entry
     * already did), and tell the watch, which now finds the session it holds.
     */
    public static void opened(Object connection, Class<?> target) {
        Installation in = installation;
        if (connection == null || in == null) {
            return;
        }
        try {
            track(in, connection, target);
            in.watch().changed();
        } catch (Throwable t) {
            Reporter.debug("could not track a connection: " + t.getClass().getName());
        }
    }

    /**
     * On entry to the client's connect method: track {@code connection} already, so that a release while it connects
     * disconnects it (the client's connect then gives up and ends a session it was granted). It holds no session yet:
     * the watch is told once the connect returned ({@link #opened}).
     */
    public static void connecting(Object connection, Class<?> target) {
        Installation in = installation;
        if (connection == null || in == null) {
            return;
        }
        try {
            track(in, connection, target);
        } catch (Throwable t) {
            Reporter.debug("could not track a connection: " + t.getClass().getName());
        }
    }

    private static void track(Installation in, Object connection, Class<?> target) {
        if (REGISTRY.contains(connection)) {
            return; // tracked at its connect's entry, or connected again: its first creation site stays
        }
        List<String> closeMethods = in.closeMethodsByTarget().getOrDefault(target.getName(), List.of());
        TrackedConnection tracked = TrackedConnection.capture(connection, closeMethods, in.sites(),
                REGISTRY.queue());
        if (REGISTRY.add(tracked) && Reporter.isDebug()) {
            Reporter.debug("tracking " + tracked.className() + " owned by " + tracked.ownerDescription()
                    + " opened at " + tracked.siteText());
        }
        if (FIRST_TRACKED.compareAndSet(false, true)) {
            in.onFirstConnection().run();
        }
    }

    /**
     * On entry to a target's close method: unless the guard's own release called it, the application is closing
     * {@code connection} itself, and a trigger that fires meanwhile waits for that close instead of closing it again.
     */
    public static void closing(Object connection) {
        if (connection == null || installation == null) {
            return;
        }
        try {
            TrackedConnection t = recordOf(connection);
            if (t != null && !t.isBeingReleasedByThisThread()) {
                t.applicationCloseStarted();
            }
        } catch (Throwable t) {
            Reporter.debug("could not note a close: " + t.getClass().getName());
        }
    }

    /** After a target's close method returned normally: stop tracking {@code connection}. */
    public static void closed(Object connection) {
        Installation in = installation;
        if (connection == null || in == null) {
            return;
        }
        try {
            TrackedConnection t = REGISTRY.remove(connection);
            if (t != null && Reporter.isDebug()) { // the message joins the site's frames: not on every close
                Reporter.debug("closed by the application: " + t.className() + " opened at " + t.siteText());
            }
            if (t == null) {
                t = RELEASING.get(connection); // claimed by a trigger meanwhile: its release sees this close
            }
            if (t != null && !t.isBeingReleasedByThisThread()) {
                t.applicationCloseEnded(true);
            }
            // also after a release: the released connection's close lands here once it returned
            in.watch().changed();
        } catch (Throwable t) {
            Reporter.debug("could not untrack a connection: " + t.getClass().getName());
        }
    }

    /** When a target's close method threw: the application's close ended without closing it; it stays tracked. */
    public static void closeThrew(Object connection) {
        if (connection == null || installation == null) {
            return;
        }
        try {
            TrackedConnection t = recordOf(connection);
            if (t != null && !t.isBeingReleasedByThisThread()) {
                t.applicationCloseEnded(false);
            }
        } catch (Throwable t) {
            Reporter.debug("could not note a failed close: " + t.getClass().getName());
        }
    }

    /** The record of a tracked connection, or of one being released; null when neither. */
    private static TrackedConnection recordOf(Object connection) {
        TrackedConnection t = REGISTRY.find(connection);
        return t != null ? t : RELEASING.get(connection);
    }

    /**
     * After the client's connect method threw {@code thrown} on {@code connection}: it holds no session (a session it
     * was granted and could not open is among its lost ones, which the watch reads), so it is not tracked any longer;
     * when the concurrent limit was the reason, the watch explains.
     */
    public static void connectFailed(Object connection, Throwable thrown) {
        Installation in = installation;
        if (connection == null || in == null) {
            return;
        }
        try {
            REGISTRY.remove(connection);
            in.watch().changed();
            if (ClientNames.LIMIT_EXCEPTION.equals(thrown.getClass().getName())) {
                Class<?> type = thrown.getClass();
                int limit = (Integer) type.getMethod(ClientNames.LIMIT).invoke(thrown);
                int active = (Integer) type.getMethod(ClientNames.ACTIVE_COUNT).invoke(thrown);
                in.watch().limitReached(limit, active);
            }
        } catch (Throwable t) {
            Reporter.debug("could not handle a failed connect: " + t.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- for the triggers and the API

    /**
     * Stops tracking the connections {@code which} accepts and hands them over for release; until
     * {@link #releaseEnded} they are listed as being released, so that a close the application makes meanwhile is seen
     * by their release.
     */
    public static List<Claimed> claim(Predicate<Claimed> which) {
        List<Claimed> claimed = REGISTRY.claim(which);
        for (Claimed c : claimed) {
            RELEASING.put(c.connection(), c.tracked());
        }
        return claimed;
    }

    /** The release of a claimed connection has ended (however it ended). */
    public static void releaseEnded(Object connection) {
        if (connection != null) {
            RELEASING.remove(connection);
        }
    }

    /** Every connection (a class, not a lambda: the JVM-exit trigger uses it in a shutdown hook). */
    public static final Predicate<Claimed> ALL = new Predicate<>() {
        @Override
        public boolean test(Claimed c) {
            return true;
        }
    };

    /** True when nothing is tracked: a trigger has nothing to do. */
    public static boolean isEmpty() {
        return REGISTRY.size() == 0;
    }

    /** The connections tracked right now. */
    public static List<TrackedConnection> tracked() {
        return REGISTRY.snapshot();
    }

    /** Called by the JVM-exit trigger once it released what it could: the watch settles up. Never throws. */
    public static void exiting(long budgetMillis) {
        Installation in = installation;
        if (in == null) {
            return;
        }
        try {
            in.watch().exiting(budgetMillis);
        } catch (Throwable t) {
            // at exit there is no one left to tell
        }
    }
}
