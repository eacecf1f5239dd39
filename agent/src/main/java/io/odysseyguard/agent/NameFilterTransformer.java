package io.odysseyguard.agent;

import io.odysseyguard.guard.Tracker;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transformer the JVM calls for every class: a hash-set lookup of the internal name, {@code null} for
 * everything that is neither a target nor a framework hook class. Only when one of those (or, once enabled,
 * {@code java.net.URLClassLoader} on retransformation) comes by is the bytecode engine, and with it the shaded
 * ByteBuddy, loaded ({@link ToolingLoader}).
 *
 * <p>Framework hook classes are matched by name, never needed at compile time:
 * <ul>
 * <li>{@value #DEVTOOLS_RESTARTER} ({@code stop()}): Spring Boot DevTools is about to start a new generation;
 *     the connections of the discarded {@code RestartClassLoader} generation are released;</li>
 * <li>{@value #QUARKUS_CLASS_LOADER} ({@code close()}): like {@code URLClassLoader.close()}, the connections
 *     that belong to the loader being closed (Quarkus dev mode closes the old runtime loader on live reload).</li>
 * </ul>
 */
final class NameFilterTransformer implements ClassFileTransformer, Runnable {
    static final String URL_CLASS_LOADER = "java/net/URLClassLoader";
    static final String DEVTOOLS_RESTARTER = "org/springframework/boot/devtools/restart/Restarter";
    static final String QUARKUS_CLASS_LOADER = "io/quarkus/bootstrap/classloading/QuarkusClassLoader";

    private final Map<String, TargetSpec> targets = new HashMap<>();
    private final Map<String, String> hooks = new HashMap<>();
    private final Instrumentation inst;
    private final boolean debug;
    private volatile boolean loaderCloseTrigger;
    private volatile ClassWeaver weaver;

    NameFilterTransformer(List<TargetSpec> specs, Instrumentation inst, boolean debug) {
        for (TargetSpec s : specs) {
            targets.put(s.internalName(), s);
        }
        hooks.put(DEVTOOLS_RESTARTER, ClassWeaver.HOOK_DEVTOOLS_RESTART);
        hooks.put(QUARKUS_CLASS_LOADER, ClassWeaver.HOOK_LOADER_CLOSE);
        this.inst = inst;
        this.debug = debug;
    }

    /** The binary names of the targets and the framework hook classes (to retransform on attach). */
    Set<String> targetClassNames() {
        Set<String> names = new HashSet<>();
        for (TargetSpec s : targets.values()) {
            names.add(s.className());
        }
        for (String hook : hooks.keySet()) {
            names.add(hook.replace('/', '.'));
        }
        return names;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null) {
            return null;
        }
        TargetSpec target = targets.get(className);
        String hook = null;
        if (target == null) {
            hook = hooks.get(className);
            if (hook == null) {
                if (!(loaderCloseTrigger && className.equals(URL_CLASS_LOADER))) {
                    return null;
                }
                hook = ClassWeaver.HOOK_LOADER_CLOSE;
            }
        }
        try {
            ensureReadEdge(module);
            return target == null
                    ? weaver().weaveHook(loader, className, classfileBuffer, hook)
                    : weaver().weave(loader, className, classfileBuffer, target.openMethods().toArray(new String[0]),
                            target.closeMethods().toArray(new String[0]));
        } catch (Throwable t) {
            AgentLog.warn("could not instrument " + className.replace('/', '.') + " (" + t.getClass().getName()
                    + "); it is not guarded");
            return null;
        }
    }

    /** The tracker's first-track hook (a plain class, not a lambda: no lambda machinery at start-up). */
    @Override
    public void run() {
        enableLoaderCloseTrigger();
    }

    /**
     * Called by the tracker when the first connection is tracked: instrument {@code URLClassLoader.close()}
     * now, not at start-up (the class is loaded before premain, so it takes a retransformation).
     */
    void enableLoaderCloseTrigger() {
        if (loaderCloseTrigger || !inst.isRetransformClassesSupported()) {
            return;
        }
        loaderCloseTrigger = true;
        try {
            inst.retransformClasses(java.net.URLClassLoader.class);
            if (debug) {
                AgentLog.info("debug: instrumented java.net.URLClassLoader.close()");
            }
        } catch (Throwable t) {
            AgentLog.warn("could not instrument URLClassLoader.close() (" + t.getClass().getName()
                    + "); closing a class loader will not release its connections");
        }
    }

    /** Advice inlined into a named module calls the bootstrap loader's unnamed module: it must read it. */
    private void ensureReadEdge(Module module) {
        Module guard = Tracker.class.getModule();
        if (module != null && module.isNamed() && !module.canRead(guard)) {
            inst.redefineModule(module, Set.of(guard), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private ClassWeaver weaver() throws Exception {
        ClassWeaver w = weaver;
        if (w == null) {
            synchronized (this) {
                w = weaver;
                if (w == null) {
                    w = ToolingLoader.load(debug);
                    weaver = w;
                }
            }
        }
        return w;
    }
}
