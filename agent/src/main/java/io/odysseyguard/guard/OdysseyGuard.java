package io.odysseyguard.guard;

import io.odysseyguard.guard.tracked.TrackedConnection;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.ExplicitRelease;
import io.odysseyguard.guard.triggers.LoaderCloseTrigger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The public API of Odyssey Guard, for frameworks and tests. Compile against the agent artifact as a
 * {@code provided} dependency; at run time the agent puts this class into the bootstrap class loader, so
 * every class loader sees the one registry. (The packages below this one are the agent's own.)
 *
 * <p>Without the agent the methods work on an empty registry: nothing is tracked, nothing is released.
 * No method throws.
 */
public final class OdysseyGuard {
    /** The longest trigger text a report keeps. */
    public static final int MAX_TRIGGER_LENGTH = ExplicitRelease.MAX_PHRASE_LENGTH;

    private OdysseyGuard() {
    }

    /**
     * Releases (gracefully closes) the open connections that belong to {@code loader}: opened by code it
     * (or a loader below it) loaded, or of a class it (or a loader below it) defined. Blocks at most about
     * the release timeout. Returns how many were closed. The report says {@code on OdysseyGuard.release(<loader>)}.
     */
    public static int release(ClassLoader loader) {
        return release(loader, null);
    }

    /**
     * As {@link #release(ClassLoader)}, with the report naming the caller's trigger: a phrase that completes
     * "released 1 Odyssey connection left open by &lt;owner&gt; ...", such as {@code "before Quarkus live reload"}.
     * Null or blank: {@code on OdysseyGuard.release(<loader>)}. Line breaks become spaces; at most
     * {@value #MAX_TRIGGER_LENGTH} characters are kept.
     */
    public static int release(ClassLoader loader, String trigger) {
        return loader == null ? 0 : ExplicitRelease.release(loader, trigger);
    }

    /**
     * Names what closing {@code loader} means, for a framework that knows why it is about to close a generation's class
     * loader: when the agent releases that loader's connections as it is closed ({@code close()} of a
     * {@code URLClassLoader} or Quarkus' class loader, Tomcat's {@code stop()}), the report names {@code trigger} (a
     * phrase that completes "released 1 Odyssey connection left open by &lt;owner&gt; ...", such as
     * {@code "on Quarkus live reload"}) instead of {@code when it was closed}. The release still happens at the close,
     * after the framework stopped the application. Null or blank forgets the name; the phrase is cleaned as
     * {@link #release(ClassLoader, String)} cleans it. Holds the loader weakly.
     */
    public static void nameClose(ClassLoader loader, String trigger) {
        if (loader != null) {
            LoaderCloseTrigger.name(loader, ExplicitRelease.clean(trigger));
        }
    }

    /**
     * Releases the given connections (from {@link #openConnections()}, matched by {@link OpenConnection#id()}) that
     * are still open; the others are left alone. For a test's leak check, which releases what one test left open and
     * not what the class's fixtures hold. The report names {@code trigger} as {@link #release(ClassLoader, String)}
     * does (null or blank: {@code on OdysseyGuard.release(<n> connections)}). Returns how many were closed.
     */
    public static int release(Collection<OpenConnection> connections, String trigger) {
        if (connections == null || connections.isEmpty()) {
            return 0;
        }
        Set<Long> ids = new HashSet<>();
        for (OpenConnection c : connections) {
            if (c != null) {
                ids.add(c.id());
            }
        }
        return ExplicitRelease.release(ids, trigger);
    }

    /** Releases every open connection. Returns how many were closed. The report says {@code on OdysseyGuard.releaseAll()}. */
    public static int releaseAll() {
        return releaseAll(null);
    }

    /**
     * As {@link #releaseAll()}, with the report naming the caller's trigger (such as
     * {@code "when leaving Quarkus dev mode"}); null or blank: {@code on OdysseyGuard.releaseAll()}.
     */
    public static int releaseAll(String trigger) {
        return ExplicitRelease.releaseAll(trigger);
    }

    /** The connections tracked right now. */
    public static List<OpenConnection> openConnections() {
        List<OpenConnection> out = new ArrayList<>();
        for (TrackedConnection t : Tracker.tracked()) {
            out.add(new OpenConnection(t.id(), t.className(), t.ownerDescription(), Instant.ofEpochMilli(t.openedAtMillis()),
                    t.site()));
        }
        return out;
    }

    /** True when the agent is installed in this JVM (not only this class on the class path). */
    public static boolean isAgentActive() {
        return Tracker.isInstalled();
    }
}
