package io.odysseyguard.agent.engine;

import io.odysseyguard.agent.Hook;
import io.odysseyguard.agent.instrumentation.ClassWeaver;
import io.odysseyguard.agent.engine.advice.CloseAdvice;
import io.odysseyguard.agent.engine.advice.DevToolsRestartAdvice;
import io.odysseyguard.agent.engine.advice.LoaderCloseAdvice;
import io.odysseyguard.agent.engine.advice.LoaderStopAdvice;
import io.odysseyguard.agent.engine.advice.OpenAdvice;
import io.odysseyguard.agent.engine.advice.OpenFailedAdvice;
import io.odysseyguard.agent.engine.advice.WebappStopAdvice;
import io.odysseyguard.guard.reported.Reporter;
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

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The bytecode engine (ByteBuddy, shaded), created when the first hooked class is seen, used one class at a time. It
 * and the shaded ByteBuddy live in a jar nested in the agent jar ({@code EngineLoader}). Each {@link Hook.Action} has
 * its advice: {@link OpenAdvice} (TRACK), {@link CloseAdvice} (UNTRACK), {@link LoaderCloseAdvice}
 * (RELEASE_ON_LOADER_CLOSE), {@link OpenFailedAdvice} (EXPLAIN_LIMIT), {@link DevToolsRestartAdvice} (RELEASE_ON_DEVTOOLS_RESTART), {@link LoaderStopAdvice} (RELEASE_ON_LOADER_STOP),
 * {@link WebappStopAdvice} (RELEASE_ON_WEBAPP_STOP). Advice is inlined, so an
 * instrumented class refers only to the bootstrap part, which every class loader sees. No class format changes (no
 * added members or initialisers), so the same works for retransformation.
 *
 * <p>ByteBuddy's {@code AgentBuilder} is deliberately not used: its default construction initialises
 * {@code sun.misc.Unsafe}-based class injection the guard never needs, which JDK 24+ reports with a warning.
 */
public final class Weaver implements ClassWeaver {
    private static final ElementMatcher.Junction<MethodDescription> CONCRETE =
            isMethod().and(not(isStatic())).and(not(isAbstract()));

    private final boolean debug;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Hook, AsmVisitorWrapper> advice = new ConcurrentHashMap<>();
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    public Weaver(boolean debug) {
        this.debug = debug;
    }

    @Override
    public byte[] weave(ClassLoader loader, byte[] bytes, List<Hook> hooks) {
        String name = hooks.get(0).className();
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
        for (Hook hook : hooks) {
            if (!hasHookedMethod(type, hook)) {
                if (warned.add(name)) {
                    Reporter.warn(missing(name, hook));
                }
                return null;
            }
        }
        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
        for (Hook hook : hooks) {
            builder = builder.visit(advice.computeIfAbsent(hook, Weaver::adviceFor));
        }
        byte[] woven = builder.make().getBytes();
        if (debug) {
            Reporter.debug("instrumented " + describe(hooks) + " in " + (loader == null ? "bootstrap" : loader.getClass().getName()));
        }
        return woven;
    }

    /** The methods the hook's advice goes into. */
    private static ElementMatcher.Junction<MethodDescription> methods(Hook hook) {
        ElementMatcher.Junction<MethodDescription> named = CONCRETE.and(namedOneOf(hook.methods().toArray(new String[0])));
        // Open and close methods of a target may take arguments; the framework hooks are the no-argument ones.
        return hook.action() == Hook.Action.TRACK || hook.action() == Hook.Action.UNTRACK
                || hook.action() == Hook.Action.EXPLAIN_LIMIT ? named
                : named.and(takesArguments(0));
    }

    private static AsmVisitorWrapper adviceFor(Hook hook) {
        Class<?> adviceClass = switch (hook.action()) {
            case TRACK -> OpenAdvice.class;
            case UNTRACK -> CloseAdvice.class;
            case EXPLAIN_LIMIT -> OpenFailedAdvice.class;
            case RELEASE_ON_LOADER_CLOSE -> LoaderCloseAdvice.class;
            case RELEASE_ON_DEVTOOLS_RESTART -> DevToolsRestartAdvice.class;
            case RELEASE_ON_LOADER_STOP -> LoaderStopAdvice.class;
            case RELEASE_ON_WEBAPP_STOP -> WebappStopAdvice.class;
        };
        return Advice.to(adviceClass).on(methods(hook));
    }

    /**
     * Whether the class declares what the hook needs: any of its methods; for UNTRACK a no-argument one (release calls
     * it).
     */
    private static boolean hasHookedMethod(TypeDescription type, Hook hook) {
        ElementMatcher.Junction<MethodDescription> needed = methods(hook);
        if (hook.action() == Hook.Action.UNTRACK) {
            needed = needed.and(takesArguments(0));
        }
        return !type.getDeclaredMethods().filter(needed).isEmpty();
    }

    /** The one warning for a class without a hooked method: a target is not guarded, a framework trigger not installed. */
    private static String missing(String name, Hook hook) {
        String methods = String.join(" or ", hook.methods());
        return switch (hook.action()) {
            case TRACK -> "target " + name + " has no method " + methods + "; it is not guarded";
            case UNTRACK -> "target " + name + " has no no-argument method " + methods + "; it is not guarded";
            default -> name + " has no method " + methods + "(); its " + hook.action().label() + " is not installed";
        };
    }

    /** {@code a.B#open/close} for a target, {@code a.B.close() (loader-close trigger)} for a framework hook. */
    private static String describe(List<Hook> hooks) {
        Hook first = hooks.get(0);
        if (hooks.size() == 2 && first.action() == Hook.Action.TRACK) {
            return first.className() + "#" + String.join("|", first.methods()) + "/"
                    + String.join("|", hooks.get(1).methods());
        }
        return first.className() + "." + String.join("|", first.methods()) + "() (" + first.action().label() + ")";
    }
}
