package io.odysseyguard.agent.instrumentation;

import io.odysseyguard.agent.Hook;

import java.util.List;

/**
 * What the transformer asks of the bytecode engine ({@code io.odysseyguard.agent.engine.Weaver}, with the shaded
 * ByteBuddy), which lives in a jar nested in the agent jar and is loaded by a class loader of its own when the first
 * hooked class is seen ({@link EngineLoader}).
 */
public interface ClassWeaver {
    /**
     * Returns the class file with the advice of {@code hooks} (all of this class) woven in, or null to leave the class
     * as it is (it lacks a hooked method; the engine has warned once).
     *
     * @param loader the class's defining loader (null: bootstrap)
     * @param bytes  its class file
     */
    byte[] weave(ClassLoader loader, byte[] bytes, List<Hook> hooks);
}
