package io.odysseyguard.agent.instrumentation;

import io.odysseyguard.agent.NestedJar;

/**
 * Loads the bytecode engine when the first hooked class is seen. The engine (the weaver, the advice and the shaded,
 * relocated ByteBuddy: thousands of classes) is packed as one jar inside the agent jar ({@value #RESOURCE}, see
 * {@link NestedJar}).
 */
final class EngineLoader {
    static final String RESOURCE = "META-INF/odyssey-guard/odyssey-guard-engine.jar";
    static final String WEAVER = "io.odysseyguard.agent.engine.Weaver";

    private EngineLoader() {
    }

    static ClassWeaver load(boolean debug) throws Exception {
        ClassLoader loader = NestedJar.load(EngineLoader.class, RESOURCE, "odyssey-guard-engine");
        return (ClassWeaver) Class.forName(WEAVER, true, loader).getConstructor(boolean.class).newInstance(debug);
    }
}
