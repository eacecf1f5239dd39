package io.odysseyguard.agent.engine;

import io.odysseyguard.agent.hooks.Hook;
import io.odysseyguard.guard.output.Reporter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The bytecode engine: weaves each hook's {@link AdviceCall} into the hooked methods of a class, with ASM (shaded and
 * relocated into the agent jar). It is loaded, with the few ASM classes it uses, when the first hooked class is seen.
 * The woven code calls only the bootstrap part, which every class loader sees, and the class keeps its members and
 * initialisers as they were, so the same works for retransformation.
 *
 * <p>Two passes over a class: a read-only one ({@link DeclaredMethods}: does the class have the hooked methods, how
 * many returns does each have), then the weaving one ({@link AdviceWeaving} per hook and method).
 */
public final class Weaver {
    /** Class files from Java 7 on carry the stack map frames the woven code must extend. */
    private static final int OLDEST_CLASS_FILE = Opcodes.V1_7;

    private final boolean debug;
    /** Where each woven call goes, by the internal name of its bootstrap class: the bootstrap part itself, but in tests. */
    private final UnaryOperator<String> callees;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public Weaver(boolean debug) {
        this(debug, UnaryOperator.identity());
    }

    /** A weaver whose calls go to {@code callees.apply(owner)} instead: a test's recording stand-ins. */
    Weaver(boolean debug, UnaryOperator<String> callees) {
        this.debug = debug;
        this.callees = callees;
    }

    /**
     * Returns the class file with the advice of {@code hooks} (all of this class) woven in, or null to leave the class
     * as it is (it lacks a hooked method or is too old; warned once).
     *
     * @param loader the class's defining loader (null: bootstrap), for the debug line
     */
    public byte[] weave(ClassLoader loader, byte[] bytes, List<Hook> hooks) {
        String name = hooks.get(0).className();
        ClassReader reader = new ClassReader(bytes);
        if ((reader.readUnsignedShort(6)) < (OLDEST_CLASS_FILE & 0xFFFF)) {
            warnOnce(name, name + " is compiled for Java 6 or older; it is not guarded");
            return null;
        }
        Set<String> names = new HashSet<>();
        for (Hook hook : hooks) {
            names.addAll(hook.methods());
        }
        DeclaredMethods declared = DeclaredMethods.of(reader, names);
        for (Hook hook : hooks) {
            if (!hasHookedMethod(declared, hook)) {
                warnOnce(name, missing(name, hook));
                return null;
            }
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, method, descriptor, signature, exceptions);
                DeclaredMethods.Method m = names.contains(method) ? declared.find(method, descriptor) : null;
                if (m != null) {
                    for (Hook hook : hooks) {
                        if (isHooked(m, hook)) {
                            AdviceCall call = AdviceCall.of(hook.action());
                            mv = new AdviceWeaving(mv, call, callees.apply(call.owner), reader.getClassName(), m);
                        }
                    }
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES);
        byte[] woven = writer.toByteArray();
        if (debug) {
            Reporter.debug("instrumented " + describe(hooks) + " in "
                    + (loader == null ? "bootstrap" : loader.getClass().getName()));
        }
        return woven;
    }

    /** The methods the hook's advice goes into: instance methods with a body, of the hook's names. */
    private static boolean isHooked(DeclaredMethods.Method m, Hook hook) {
        if (!m.isConcrete() || !hook.methods().contains(m.name())) {
            return false;
        }
        // Open and close methods of a target may take arguments; the framework hooks are the no-argument ones.
        return hook.action().isConnectionHook() || m.takesNoArguments();
    }

    /**
     * Whether the class declares what the hook needs: any of its methods; for UNTRACK a no-argument one (release calls
     * it).
     */
    private static boolean hasHookedMethod(DeclaredMethods declared, Hook hook) {
        for (DeclaredMethods.Method m : declared.all()) {
            if (isHooked(m, hook) && (hook.action() != Hook.Action.UNTRACK || m.takesNoArguments())) {
                return true;
            }
        }
        return false;
    }

    private void warnOnce(String className, String warning) {
        if (warned.add(className)) {
            Reporter.warn(warning);
        }
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
        Hook close = null;
        for (Hook h : hooks) {
            if (h.action() == Hook.Action.UNTRACK) {
                close = h;
            }
        }
        if (first.action() == Hook.Action.TRACK && close != null) {
            return first.className() + "#" + String.join("|", first.methods()) + "/" + String.join("|", close.methods());
        }
        return first.className() + "." + String.join("|", first.methods()) + "() (" + first.action().label() + ")";
    }
}
