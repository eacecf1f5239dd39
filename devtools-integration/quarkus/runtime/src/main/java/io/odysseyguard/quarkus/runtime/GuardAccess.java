package io.odysseyguard.quarkus.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The way to the agent's public API ({@code io.odysseyguard.guard.OdysseyGuard}) in the <em>bootstrap</em> class
 * loader, where the agent defines it. Quarkus' class loaders load a library's classes themselves rather than asking
 * their parent first, so naming {@code OdysseyGuard} in code here could define a second, empty copy of the registry;
 * this class therefore never names it and asks the bootstrap loader only. Without the agent every call is a no-op.
 * No method throws.
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

    /** Releases the connections that belong to {@code generation}; how many were closed, -1 without the agent. */
    public static int release(ClassLoader generation) {
        Class<?> api = api();
        if (api == null || generation == null) {
            return -1;
        }
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(api, "release",
                    MethodType.methodType(int.class, ClassLoader.class));
            return (int) h.invoke(generation);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Releases every open connection; how many were closed, -1 without the agent. */
    public static int releaseAll() {
        Class<?> api = api();
        if (api == null) {
            return -1;
        }
        try {
            MethodHandle h = MethodHandles.publicLookup().findStatic(api, "releaseAll",
                    MethodType.methodType(int.class));
            return (int) h.invoke();
        } catch (Throwable t) {
            return -1;
        }
    }
}
