package io.odysseyguard.guard;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;

/**
 * How {@link OdysseyGuard} reaches the agent: the bootstrap part's {@code ApiCalls}, asked of the bootstrap loader by
 * name (never of this class's own loader, which may be an application's, a webapp's or Quarkus', with a copy of this
 * class of its own), through method handles of JDK types only. Until the agent is installed every call finds nothing
 * and answers as an empty registry; once found, the handles are kept. Nothing thrown in the guard reaches the caller.
 */
final class AgentCalls {
    private static final String API_CALLS = "io.odysseyguard.guard.api.ApiCalls";
    private static volatile Handles handles;

    private AgentCalls() {
    }

    /** The bootstrap part's entry points, once. */
    private record Handles(MethodHandle isAgentActive, MethodHandle releaseLoader, MethodHandle nameClose,
                           MethodHandle releaseIds, MethodHandle releaseAll, MethodHandle openConnections) {
    }

    /** The handles, or null while the agent is not installed (asked again next time: an attach may come later). */
    private static Handles handles() {
        Handles h = handles;
        if (h != null) {
            return h;
        }
        try {
            Class<?> api = Class.forName(API_CALLS, true, null);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            h = new Handles(
                    lookup.findStatic(api, "isAgentActive", MethodType.methodType(boolean.class)),
                    lookup.findStatic(api, "releaseLoader", MethodType.methodType(int.class, ClassLoader.class, String.class)),
                    lookup.findStatic(api, "nameClose", MethodType.methodType(void.class, ClassLoader.class, String.class)),
                    lookup.findStatic(api, "releaseIds", MethodType.methodType(int.class, Set.class, String.class)),
                    lookup.findStatic(api, "releaseAll", MethodType.methodType(int.class, String.class)),
                    lookup.findStatic(api, "openConnections", MethodType.methodType(List.class)));
            handles = h;
            return h;
        } catch (ClassNotFoundException e) {
            return null; // no agent in this JVM (yet)
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // an agent of another version: treated as none rather than failing the caller
        }
    }

    static boolean isAgentActive() {
        Handles h = handles();
        try {
            return h != null && (boolean) h.isAgentActive().invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    static int releaseLoader(ClassLoader loader, String trigger) {
        Handles h = handles();
        try {
            return h == null ? 0 : (int) h.releaseLoader().invokeExact(loader, trigger);
        } catch (Throwable t) {
            return 0;
        }
    }

    static void nameClose(ClassLoader loader, String trigger) {
        Handles h = handles();
        try {
            if (h != null) {
                h.nameClose().invokeExact(loader, trigger);
            }
        } catch (Throwable t) {
            // the guard contains its own errors; naming a close is a courtesy
        }
    }

    static int releaseIds(Set<Long> ids, String trigger) {
        Handles h = handles();
        try {
            return h == null ? 0 : (int) h.releaseIds().invokeExact(ids, trigger);
        } catch (Throwable t) {
            return 0;
        }
    }

    static int releaseAll(String trigger) {
        Handles h = handles();
        try {
            return h == null ? 0 : (int) h.releaseAll().invokeExact(trigger);
        } catch (Throwable t) {
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> openConnections() {
        Handles h = handles();
        try {
            return h == null ? List.of() : (List<Object[]>) h.openConnections().invokeExact();
        } catch (Throwable t) {
            return List.of();
        }
    }
}
