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
     * @param openMethods  for a target, the names of its open methods; null for {@code java/net/URLClassLoader}
     * @param closeMethods for a target, the names of its close methods, in the order release tries them
     */
    byte[] weave(ClassLoader loader, String internalName, byte[] bytes, String[] openMethods, String[] closeMethods);
}
