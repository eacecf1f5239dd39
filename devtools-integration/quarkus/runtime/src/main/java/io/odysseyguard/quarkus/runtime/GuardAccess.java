package io.odysseyguard.quarkus.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The way to the agent's public API ({@code io.odysseyguard.guard.OdysseyGuard}) without depending on the agent: the
 * extension's runtime part goes into every build of the application, production included, and the agent jar should
 * not. It asks the bootstrap class loader, where the agent defines the API, by name. Without the agent every call is a
 * no-op. No method throws.
 */
public final class GuardAccess {
    static final String API = "io.odysseyguard.guard.OdysseyGuard";

    private GuardAccess() {
    }

    /** The bootstrap copy of the API class, or null when the agent is not installed in this JVM. */
    private static Class<?> api() {
        try {
            return Class.forName(API, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** True when the agent is installed in this JVM (by {@code -javaagent} or by the extension). */
    public static boolean agentActive() {
        Class<?> api = api();
        if (api == null) {
            return false;
        }
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(api, "isAgentActive",
                    MethodType.methodType(boolean.class));
            return (boolean) h.invoke();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Releases the connections that belong to {@code generation}, the report naming {@code trigger} (for example
     * {@code "before Quarkus live reload"}); with an agent older than {@code OdysseyGuard.release(ClassLoader, String)}
     * the one-argument form (its report says {@code on OdysseyGuard.release(...)}). How many were closed, -1 without
     * the agent.
     */
    public static int release(ClassLoader generation, String trigger) {
        return release(api(), generation, trigger);
    }

    /** {@link #release(ClassLoader, String)} against {@code api} (the bootstrap API class, or null). */
    static int release(Class<?> api, ClassLoader generation, String trigger) {
        if (api == null || generation == null) {
            return -1;
        }
        try {
            MethodHandle h = trigger == null ? null
                    : find(api, "release", MethodType.methodType(int.class, ClassLoader.class, String.class));
            if (h != null) {
                return (int) h.invoke(generation, trigger);
            }
            h = MethodHandles.publicLookup().findStatic(api, "release", MethodType.methodType(int.class, ClassLoader.class));
            return (int) h.invoke(generation);
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * Tells the agent what closing {@code generation}'s class loader means: the release the agent makes when dev mode
     * closes it names {@code trigger} (for example {@code "on Quarkus live reload"}). With an agent older than
     * {@code OdysseyGuard.nameClose(ClassLoader, String)} (or none) nothing happens; its report then says
     * {@code when it was closed}. True when the agent took the name.
     */
    public static boolean nameClose(ClassLoader generation, String trigger) {
        return nameClose(api(), generation, trigger);
    }

    /** {@link #nameClose(ClassLoader, String)} against {@code api} (the bootstrap API class, or null). */
    static boolean nameClose(Class<?> api, ClassLoader generation, String trigger) {
        if (api == null || generation == null) {
            return false;
        }
        try {
            MethodHandle h = find(api, "nameClose", MethodType.methodType(void.class, ClassLoader.class, String.class));
            if (h == null) {
                return false;
            }
            h.invoke(generation, trigger);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * Releases every open connection, the report naming {@code trigger} (for example
     * {@code "when leaving Quarkus dev mode"}); with an older agent, {@code releaseAll()}. How many were closed, -1
     * without the agent.
     */
    public static int releaseAll(String trigger) {
        return releaseAll(api(), trigger);
    }

    /** {@link #releaseAll(String)} against {@code api} (the bootstrap API class, or null). */
    static int releaseAll(Class<?> api, String trigger) {
        if (api == null) {
            return -1;
        }
        try {
            MethodHandle h = trigger == null ? null : find(api, "releaseAll", MethodType.methodType(int.class, String.class));
            if (h != null) {
                return (int) h.invoke(trigger);
            }
            h = MethodHandles.publicLookup().findStatic(api, "releaseAll", MethodType.methodType(int.class));
            return (int) h.invoke();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** A public static method of the API, or null when this agent version does not have it. */
    private static MethodHandle find(Class<?> api, String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findStatic(api, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
