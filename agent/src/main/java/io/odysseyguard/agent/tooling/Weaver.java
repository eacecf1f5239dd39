package io.odysseyguard.agent.tooling;

import io.odysseyguard.agent.ClassWeaver;
import io.odysseyguard.agent.tooling.advice.CloseAdvice;
import io.odysseyguard.agent.tooling.advice.CloseMethods;
import io.odysseyguard.agent.tooling.advice.DevToolsRestartAdvice;
import io.odysseyguard.agent.tooling.advice.LoaderCloseAdvice;
import io.odysseyguard.agent.tooling.advice.OpenAdvice;
import io.odysseyguard.guard.Reporter;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The bytecode engine (ByteBuddy, shaded), created when the first target class is seen, used one class at a
 * time. It and the shaded ByteBuddy live in a jar nested in the agent jar ({@code ToolingLoader}). Targets get {@link OpenAdvice} on their open methods and {@link CloseAdvice} on their close methods;
 * {@code URLClassLoader} and Quarkus' {@code QuarkusClassLoader} get {@link LoaderCloseAdvice} on {@code close()},
 * DevTools' {@code Restarter} gets {@link DevToolsRestartAdvice} on {@code stop()}. Advice is inlined, so an
 * instrumented class refers only to the bootstrap tracker, which every class loader sees. No class format
 * changes (no added members or initialisers), so the same works for retransformation.
 *
 * <p>ByteBuddy's {@code AgentBuilder} is deliberately not used: its default construction initialises
 * {@code sun.misc.Unsafe}-based class injection the guard never needs, which JDK 24+ reports with a warning.
 */
public final class Weaver implements ClassWeaver {
    private static final ElementMatcher.Junction<MethodDescription> CONCRETE =
            isMethod().and(not(isStatic())).and(not(isAbstract()));

    private final boolean debug;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    private final AsmVisitorWrapper loaderCloseAdvice =
            Advice.to(LoaderCloseAdvice.class).on(named("close").and(takesArguments(0)));
    private final AsmVisitorWrapper devToolsRestartAdvice =
            Advice.to(DevToolsRestartAdvice.class).on(named("stop").and(takesArguments(0)).and(not(isStatic())));
    private final ConcurrentHashMap<String, AsmVisitorWrapper[]> targetAdvice = new ConcurrentHashMap<>();

    public Weaver(boolean debug) {
        this.debug = debug;
    }

    @Override
    public byte[] weave(ClassLoader loader, String internalName, byte[] bytes, String[] openMethods,
                        String[] closeMethods) {
        String name = internalName.replace('/', '.');
        ClassFileLocator locator = locator(loader, name, bytes);
        TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
        AsmVisitorWrapper[] advice = adviceFor(type, name, openMethods, closeMethods);
        if (advice == null) {
            return null;
        }
        byte[] woven = byteBuddy.redefine(type, locator).visit(advice[0]).visit(advice[1]).make().getBytes();
        if (debug) {
            Reporter.debug("instrumented " + name + "#" + String.join("|", openMethods) + "/"
                    + String.join("|", closeMethods) + " in " + describe(loader));
        }
        return woven;
    }

    @Override
    public byte[] weaveHook(ClassLoader loader, String internalName, byte[] bytes, String hook) {
        AsmVisitorWrapper advice;
        String method;
        if (HOOK_LOADER_CLOSE.equals(hook)) {
            advice = loaderCloseAdvice;
            method = "close";
        } else if (HOOK_DEVTOOLS_RESTART.equals(hook)) {
            advice = devToolsRestartAdvice;
            method = "stop";
        } else {
            return null;
        }
        String name = internalName.replace('/', '.');
        ClassFileLocator locator = locator(loader, name, bytes);
        TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
        if (type.getDeclaredMethods().filter(named(method).and(takesArguments(0)).and(not(isStatic()))
                .and(not(isAbstract()))).isEmpty()) {
            if (warned.add(name)) {
                // A framework version without the expected method: say so once, leave the class alone.
                Reporter.warn(name + " has no method " + method + "(); its " + hook + " trigger is not installed");
            }
            return null;
        }
        byte[] woven = byteBuddy.redefine(type, locator).visit(advice).make().getBytes();
        if (debug) {
            Reporter.debug("instrumented " + name + "." + method + "() (" + hook + " trigger) in " + describe(loader));
        }
        return woven;
    }

    private static ClassFileLocator locator(ClassLoader loader, String name, byte[] bytes) {
        return new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
    }

    private static String describe(ClassLoader loader) {
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    private AsmVisitorWrapper[] adviceFor(TypeDescription type, String name, String[] openMethods,
                                          String[] closeMethods) {
        ElementMatcher.Junction<MethodDescription> open = CONCRETE.and(namedOneOf(openMethods));
        ElementMatcher.Junction<MethodDescription> close = CONCRETE.and(namedOneOf(closeMethods));
        boolean hasOpen = !type.getDeclaredMethods().filter(open).isEmpty();
        boolean hasClose = !type.getDeclaredMethods().filter(close.and(takesArguments(0))).isEmpty();
        if (!hasOpen || !hasClose) {
            if (warned.add(name)) {
                Reporter.warn("target " + name + " has no "
                        + (!hasOpen ? "method " + String.join(" or ", openMethods)
                        : "no-argument method " + String.join(" or ", closeMethods))
                        + "; it is not guarded");
            }
            return null;
        }
        return targetAdvice.computeIfAbsent(name, n -> new AsmVisitorWrapper[] {
                Advice.withCustomMapping().bind(CloseMethods.class, String.join("|", closeMethods))
                        .to(OpenAdvice.class).on(open),
                Advice.to(CloseAdvice.class).on(close)});
    }
}
