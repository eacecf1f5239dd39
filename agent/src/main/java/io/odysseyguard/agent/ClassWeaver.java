package io.odysseyguard.agent;

/**
 * What the transformer asks of the bytecode engine. The engine ({@code io.odysseyguard.agent.tooling.Weaver}
 * with the shaded ByteBuddy) lives in a jar nested in the agent jar and is loaded by a class loader of its
 * own when the first target is seen, so this interface uses plain types only.
 */
public interface ClassWeaver {
    /**
     * Returns the instrumented class file, or null to leave the class as it is.
     *
     * @param loader       the class's defining loader (null: bootstrap)
     * @param internalName the class's internal name, {@code a/b/C}
     * @param bytes        its class file
     * @param openMethods  the target's open methods
     * @param closeMethods the target's close methods, in the order release tries them
     */
    byte[] weave(ClassLoader loader, String internalName, byte[] bytes, String[] openMethods, String[] closeMethods);

    /** Framework hook: at the start of the class's no-argument {@code close()}, release the loader's connections. */
    String HOOK_LOADER_CLOSE = "loader-close";

    /**
     * Framework hook: at the exit of DevTools' {@code Restarter.stop()} (normal or not), release the connections
     * of the discarded generation.
     */
    String HOOK_DEVTOOLS_RESTART = "devtools-restart";

    /**
     * Returns the class file with a framework hook ({@link #HOOK_LOADER_CLOSE}, {@link #HOOK_DEVTOOLS_RESTART})
     * woven in, or null to leave the class as it is.
     */
    byte[] weaveHook(ClassLoader loader, String internalName, byte[] bytes, String hook);
}
