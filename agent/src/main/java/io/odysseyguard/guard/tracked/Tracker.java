package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.reported.Reporter;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The connections being tracked, and the entry points the inlined advice calls: {@link #opened} after a target's
 * open method returned (and, for the Odyssey client, {@link #connecting} on entry to its connect and
 * {@link #connectFailed} when it threw), {@link #closed} after its close method returned. The triggers {@link #claim} what they
 * release. It lives in the bootstrap class loader, so the same class, and thus one registry, is reachable from every
 * class loader: the application's, a webapp's, DevTools' restart loader, Quarkus' loaders, {@code URLClassLoader}.
 *
 * <p>Every entry point contains every {@link Throwable}: nothing is ever thrown into the application.
 */
public final class Tracker {
    private static final WeakIdentityRegistry REGISTRY = new WeakIdentityRegistry();
    private static final AtomicBoolean FIRST_TRACKED = new AtomicBoolean();

    /** What the agent installed the tracker with; null until then (the API on a JVM without the agent). */
    private static volatile Installation installation;

    private record Installation(int stackDepth, Map<String, List<String>> closeMethodsByTarget,
                                DeferredInstrumentation onFirstConnection, SessionWatch watch) {
    }

    private Tracker() {
    }

    /**
     * Called once by the agent, last of its installation steps: from now on connections are tracked.
     *
     * @param stackDepth           creation-site frames to record per connection
     * @param closeMethodsByTarget for each target class, its no-argument close methods in the order release tries them
     * @param onFirstConnection    what to instrument when the first connection is tracked
     * @param watch                told of every change, to keep the held sessions safe from a hard stop
     */
    public static synchronized void install(int stackDepth, Map<String, List<String>> closeMethodsByTarget,
                                            DeferredInstrumentation onFirstConnection, SessionWatch watch) {
        if (installation == null) {
            installation = new Installation(stackDepth, Map.copyOf(closeMethodsByTarget), onFirstConnection, watch);
        }
    }

    public static boolean isInstalled() {
        return installation != null;
    }

    /** True once a connection has been tracked in this JVM (the deferred instrumentation is due from then on). */
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
        TrackedConnection tracked = TrackedConnection.capture(connection, closeMethods, in.stackDepth(),
                REGISTRY.queue());
        if (REGISTRY.add(tracked) && Reporter.isDebug()) {
            Reporter.debug("tracking " + tracked.className() + " owned by " + tracked.ownerDescription()
                    + " opened at " + tracked.siteText());
        }
        if (FIRST_TRACKED.compareAndSet(false, true)) {
            in.onFirstConnection().run();
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
            // also after a release: the released connection's close lands here once it returned
            in.watch().changed();
        } catch (Throwable t) {
            Reporter.debug("could not untrack a connection: " + t.getClass().getName());
        }
    }

    /** The client's exception for {@code CONCURRENT_LIMIT_REACHED}, by name: the bootstrap part never links to it. */
    static final String LIMIT_EXCEPTION = "io.odysseyguard.client.ConcurrentLimitReachedException";

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
            if (LIMIT_EXCEPTION.equals(thrown.getClass().getName())) {
                Class<?> type = thrown.getClass();
                int limit = (Integer) type.getMethod("limit").invoke(thrown);
                int active = (Integer) type.getMethod("activeCount").invoke(thrown);
                in.watch().limitReached(limit, active);
            }
        } catch (Throwable t) {
            Reporter.debug("could not handle a failed connect: " + t.getClass().getName());
        }
    }

    // ---------------------------------------------------------------- for the triggers and the API

    /** Stops tracking the connections {@code which} accepts and hands them over for release. */
    public static List<Claimed> claim(Predicate<Claimed> which) {
        return REGISTRY.claim(which);
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
