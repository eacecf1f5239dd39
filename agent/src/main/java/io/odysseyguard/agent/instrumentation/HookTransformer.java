package io.odysseyguard.agent.instrumentation;

import io.odysseyguard.agent.hooks.Hook;
import io.odysseyguard.agent.engine.Weaver;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.Tracker;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transformer the JVM calls for every class: one hash lookup of the class's name in the {@code HookTable}, and
 * {@code null} for every class that is not in it. Only when a hooked class comes by is the bytecode engine
 * ({@link Weaver}, with the shaded ASM) loaded, and what waits for the first hooked class started. A hook due at the
 * first connection is left alone until the tracker has tracked one. Registered before the guard is ready
 * ({@link GuardSetup}): until then a class that names the guard waits for it, and nothing is woven before it.
 */
public final class HookTransformer implements ClassFileTransformer {
    private final Map<String, List<Hook>> hooksByInternalName = new HashMap<>();
    private final Instrumentation inst;
    private final boolean debug;
    private final GuardSetup startup;
    private final AtomicBoolean hookedClassSeen = new AtomicBoolean();
    private final AtomicInteger rewoven = new AtomicInteger();
    private volatile Weaver weaver;

    public HookTransformer(List<Hook> hooks, Instrumentation inst, boolean debug, GuardSetup startup) {
        for (Hook h : hooks) { // no lambdas here: this runs in premain, where their first use costs milliseconds
            List<Hook> ofClass = hooksByInternalName.get(h.internalName());
            if (ofClass == null) {
                ofClass = new ArrayList<>(2);
                hooksByInternalName.put(h.internalName(), ofClass);
            }
            ofClass.add(h);
        }
        this.inst = inst;
        this.debug = debug;
        this.startup = startup;
        // Loaded now, before the transformer is registered: loaded from within transform() it would be asked to
        // transform itself while being loaded.
        GuardReferences.in(new byte[0]);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        if (!startup.isSettled() && loader != null && !startup.isStartupThread()
                && GuardReferences.in(classfileBuffer)) {
            startup.awaitReady(); // the class names the guard: its first call must find the guard started
        }
        List<Hook> hooks = hooksByInternalName.get(className);
        // Nothing below touches the bootstrap part before it is ready: the agent has not defined it yet.
        if (hooks == null || !startup.awaitReady() || (isDeferred(hooks) && !Tracker.hasTrackedAConnection())) {
            return null;
        }
        try {
            if (hookedClassSeen.compareAndSet(false, true)) {
                startup.firstHookedClass();
            }
            ensureReadEdge(module);
            byte[] woven = weaver().weave(loader, classfileBuffer, hooks);
            if (woven != null && classBeingRedefined != null) {
                rewoven.incrementAndGet();
            }
            return woven;
        } catch (Throwable t) {
            Reporter.warn("could not instrument " + className.replace('/', '.') + " (" + t.getClass().getName()
                    + "); it is not guarded");
            return null;
        }
    }

    /** How many classes loaded before were woven on retransformation (an attach's already loaded targets). */
    public int rewovenCount() {
        return rewoven.get();
    }

    private static boolean isDeferred(List<Hook> hooks) {
        for (Hook h : hooks) {
            if (h.when() == Hook.When.FIRST_CONNECTION) {
                return true;
            }
        }
        return false;
    }

    /** Advice inlined into a named module calls the bootstrap loader's unnamed module: it must read it. */
    private void ensureReadEdge(Module module) {
        Module guard = Tracker.class.getModule();
        if (module != null && module.isNamed() && !module.canRead(guard)) {
            inst.redefineModule(module, Set.of(guard), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private Weaver weaver() {
        Weaver w = weaver;
        if (w == null) {
            synchronized (this) {
                w = weaver;
                if (w == null) {
                    w = new Weaver(debug);
                    weaver = w;
                }
            }
        }
        return w;
    }
}
