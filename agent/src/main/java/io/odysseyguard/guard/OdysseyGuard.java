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
        if (loader == null) {
            return 0;
        }
        String text = clean(trigger);
        return Tracker.releaseBelongingTo(loader,
                text != null ? text : "on OdysseyGuard.release(" + Loaders.describe(loader) + ")");
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
        String text = clean(trigger);
        return Tracker.releaseAllConnections(text != null ? text : "on OdysseyGuard.releaseAll()", -1);
    }

    /** The longest trigger text a report keeps. */
    public static final int MAX_TRIGGER_LENGTH = 200;

    private static String clean(String trigger) {
        if (trigger == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(trigger.length(), MAX_TRIGGER_LENGTH));
        for (int i = 0; i < trigger.length() && b.length() < MAX_TRIGGER_LENGTH; i++) {
            char c = trigger.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        String text = b.toString().strip();
        return text.isEmpty() ? null : text;
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
