package io.odysseyguard.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The public API of Odyssey Guard, for frameworks and tests. Compile against the agent artifact as a
 * {@code provided} dependency; at run time the agent puts this class into the bootstrap class loader, so
 * every class loader sees the one registry.
 *
 * <p>Without the agent the methods work on an empty registry: nothing is tracked, nothing is released.
 * No method throws.
 */
public final class OdysseyGuard {
    private OdysseyGuard() {
    }

    /**
     * Releases (gracefully closes) the open connections that belong to {@code loader}: opened by code it
     * (or a loader below it) loaded, or of a class it (or a loader below it) defined. Blocks at most about
     * the release timeout. Returns how many were closed.
     */
    public static int release(ClassLoader loader) {
        if (loader == null) {
            return 0;
        }
        return Tracker.releaseBelongingTo(loader, "on OdysseyGuard.release(" + Loaders.describe(loader) + ")");
    }

    /** Releases every open connection. Returns how many were closed. */
    public static int releaseAll() {
        return Tracker.releaseAllConnections("on OdysseyGuard.releaseAll()", -1);
    }

    /** The connections tracked right now. */
    public static List<OpenConnection> openConnections() {
        List<OpenConnection> out = new ArrayList<>();
        for (ConnectionRecord r : Tracker.records()) {
            out.add(new OpenConnection(r.className, r.ownerDescription,
                    java.time.Instant.ofEpochMilli(r.openedAtMillis),
                    r.site == null ? List.of() : List.of(r.site)));
        }
        return out;
    }

    /** True when the agent is installed in this JVM (not only this class on the class path). */
    public static boolean isAgentActive() {
        return Tracker.isInstalled();
    }
}
