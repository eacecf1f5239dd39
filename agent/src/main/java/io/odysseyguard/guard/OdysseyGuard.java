package io.odysseyguard.guard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The public API of Odyssey Guard, for frameworks and tests. Compile against the agent artifact as a
 * {@code provided} dependency. This class (with {@link OpenConnection}) holds no state: it calls the agent's bootstrap
 * part, which the agent alone defines (the agent jar carries it as class data no class loader can find), so every copy
 * of this class, whichever loader defined it, reaches the one registry. (The packages below this one are the agent's
 * own, and not in the jar as classes.)
 *
 * <p>Without the agent the methods work on an empty registry: nothing is tracked, nothing is released.
 * No method throws.
 */
public final class OdysseyGuard {
    /** The longest trigger text a report keeps. */
    public static final int MAX_TRIGGER_LENGTH = 200;
    /** What starts every line the guard prints; for integrations that speak in its voice. */
    public static final String OUTPUT_PREFIX = "odyssey-guard: ";

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
        return loader == null ? 0 : AgentCalls.releaseLoader(loader, trigger);
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
            AgentCalls.nameClose(loader, trigger);
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
        return AgentCalls.releaseIds(ids, trigger);
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
        return AgentCalls.releaseAll(trigger);
    }

    /** The connections tracked right now. */
    public static List<OpenConnection> openConnections() {
        List<OpenConnection> out = new ArrayList<>();
        for (Object[] row : AgentCalls.openConnections()) {
            @SuppressWarnings("unchecked")
            List<String> site = (List<String>) row[4];
            out.add(new OpenConnection((Long) row[0], (String) row[1], (String) row[2],
                    Instant.ofEpochMilli((Long) row[3]), site));
        }
        return out;
    }

    /** True when the agent is installed in this JVM (not only this class on the class path). */
    public static boolean isAgentActive() {
        return AgentCalls.isAgentActive();
    }
}
