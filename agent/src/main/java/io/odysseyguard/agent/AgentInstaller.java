package io.odysseyguard.agent;

import io.odysseyguard.guard.Tracker;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installs the guard once the bootstrap part is in place: configures the tracker (which registers the
 * JVM-exit trigger), and registers the cheap name-checking transformer. The bytecode engine is not loaded
 * here; {@link NameFilterTransformer} loads it when a target class is first seen.
 */
final class AgentInstaller {
    private AgentInstaller() {
    }

    static void install(Options options, Instrumentation inst, boolean attached) {
        if (!inst.isRetransformClassesSupported()) {
            AgentLog.warn("this JVM cannot retransform classes; URLClassLoader.close() will not release connections");
        }
        NameFilterTransformer transformer = new NameFilterTransformer(options.targets, inst, options.debug);
        Tracker.install(options.releaseTimeoutMillis, options.exitBudgetMillis, options.stackDepth, options.quiet,
                options.debug, transformer);
        inst.addTransformer(transformer, true);
        if (options.debug) {
            AgentLog.info("debug: guarding " + options.targets + "; release-timeout "
                    + options.releaseTimeoutMillis + "ms, exit-budget " + options.exitBudgetMillis + "ms");
        }
        if (attached) {
            // Attached to a running JVM: instrument the targets that are loaded already.
            Set<String> names = transformer.targetClassNames();
            List<Class<?>> loaded = new ArrayList<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
                    loaded.add(c);
                }
            }
            if (!loaded.isEmpty()) {
                try {
                    inst.retransformClasses(loaded.toArray(new Class<?>[0]));
                } catch (Throwable t) {
                    AgentLog.warn("could not instrument already loaded targets (" + t.getClass().getName() + ")");
                }
            }
        }
    }
}
