package io.odysseyguard.agent.engine;

import io.odysseyguard.agent.engine.AdviceCall.Argument;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves one {@link AdviceCall} into one method, leaving everything else of it as it was (no new members, so the same
 * works for retransformation). Every call is wrapped in a handler that drops whatever it throws. Those handlers are
 * the first entries of the exception table (innermost), the handler of a {@code THROWN_EXIT} call the last one
 * (outermost), so the method's own try/catch blocks behave as before.
 *
 * <p>Frames are written in full ({@code F_NEW}; the class is read with expanded frames). A frame this class writes
 * names what the code after it uses and nothing else: {@code this} in local 0 (javac never stores into it), the
 * stashed value in the first local the method did not use, every local between them {@code TOP}.
 */
final class AdviceWeaving extends MethodVisitor {
    private static final String THROWABLE = "java/lang/Throwable";

    private final AdviceCall call;
    /** The class the call goes to (the call's bootstrap class). */
    private final String callee;
    private final String owner;
    private final Type returnType;
    private final Object[] entryLocals;
    /** The first local the original method does not use: where a return value or a throwable waits for the call. */
    private final int stash;
    private final Label[][] returnSites;
    private int nextReturnSite;
    private final Label entryStart = new Label();
    private final Label entryEnd = new Label();
    private final Label entryHandler = new Label();
    private final Label bodyStart = new Label();
    private final Label thrownCallStart = new Label();
    private final Label thrownCallEnd = new Label();
    private final Label thrownCallHandler = new Label();

    /**
     * @param callee the internal name of the class the call goes to
     * @param owner  the hooked class's internal name
     * @param method the method, as the first pass saw it
     */
    AdviceWeaving(MethodVisitor next, AdviceCall call, String callee, String owner, DeclaredMethods.Method method) {
        super(Opcodes.ASM9, next);
        this.call = call;
        this.callee = callee;
        this.owner = owner;
        this.returnType = Type.getReturnType(method.descriptor());
        this.entryLocals = entryLocals(owner, method.descriptor());
        this.stash = method.maxLocals();
        this.returnSites = new Label[call.place.atReturns() ? method.returns() : 0][];
        for (int i = 0; i < returnSites.length; i++) {
            returnSites[i] = new Label[] {new Label(), new Label(), new Label()}; // call start, call end, handler
        }
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (call.place == AdviceCall.Place.ENTRY) {
            super.visitTryCatchBlock(entryStart, entryEnd, entryHandler, THROWABLE);
        }
        for (Label[] site : returnSites) {
            super.visitTryCatchBlock(site[0], site[1], site[2], THROWABLE);
        }
        if (call.place.whenThrown()) {
            super.visitTryCatchBlock(thrownCallStart, thrownCallEnd, thrownCallHandler, THROWABLE);
        }
        if (call.place == AdviceCall.Place.ENTRY) {
            suppressedCall(entryStart, entryEnd, entryHandler, entryLocals, -1);
            // The method's first instruction may carry a frame of its own: a NOP keeps the two at different offsets.
            super.visitInsn(Opcodes.NOP);
        }
        super.visitLabel(bodyStart);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && returnSites.length > 0) {
            if (nextReturnSite >= returnSites.length) {
                throw new IllegalStateException("more return instructions than the first pass counted");
            }
            Label[] site = returnSites[nextReturnSite++];
            boolean value = returnType.getSort() != Type.VOID;
            if (value) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), stash);
            }
            suppressedCall(site[0], site[1], site[2], value ? stashLocals(frameType(returnType)) : new Object[] {owner},
                    -1);
            if (value) {
                super.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), stash);
            }
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (call.place.whenThrown()) {
            Label bodyEnd = new Label();
            Label handler = new Label();
            super.visitLabel(bodyEnd);
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, THROWABLE);
            super.visitLabel(handler);
            super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, 1, new Object[] {THROWABLE});
            super.visitVarInsn(Opcodes.ASTORE, stash);
            suppressedCall(thrownCallStart, thrownCallEnd, thrownCallHandler, stashLocals(THROWABLE), stash);
            super.visitVarInsn(Opcodes.ALOAD, stash);
            super.visitInsn(Opcodes.ATHROW);
        }
        // At most two values more on the stack than the method had; a long or double stashed after its locals.
        super.visitMaxs(maxStack + 2, Math.max(maxLocals, stash + 2));
    }

    /**
     * The call between {@code start} and {@code end}, whose handler (registered in {@link #visitCode}) drops what it
     * throws; both ways go on after it with {@code locals} (and an empty stack).
     */
    private void suppressedCall(Label start, Label end, Label handler, Object[] locals, int thrownLocal) {
        Label join = new Label();
        super.visitLabel(start);
        pushArguments(thrownLocal);
        invoke();
        super.visitLabel(end);
        super.visitJumpInsn(Opcodes.GOTO, join);
        super.visitLabel(handler);
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
        super.visitInsn(Opcodes.POP);
        super.visitLabel(join);
        super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
    }

    /** @param thrownLocal the local holding the throwable (THROWN_EXIT), or -1 */
    private void pushArguments(int thrownLocal) {
        Argument a = call.argument;
        if (a.usesThis()) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        }
        if (a == Argument.THIS_AND_CLASS) {
            super.visitLdcInsn(Type.getObjectType(owner));
        }
        if (a == Argument.THIS_AND_THROWN) {
            super.visitVarInsn(Opcodes.ALOAD, thrownLocal);
        }
    }

    private void invoke() {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, callee, call.method, call.argument.descriptor, false);
    }

    /** {@code this}, TOP up to the stash, then {@code stashed}. */
    private Object[] stashLocals(Object stashed) {
        Object[] locals = new Object[stash + 1];
        locals[0] = owner;
        for (int i = 1; i < stash; i++) {
            locals[i] = Opcodes.TOP;
        }
        locals[stash] = stashed;
        return locals;
    }

    /** The locals on entry: {@code this} and the parameters, in frame notation. */
    private static Object[] entryLocals(String owner, String descriptor) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[parameters.length + 1];
        locals[0] = owner;
        for (int i = 0; i < parameters.length; i++) {
            locals[i + 1] = frameType(parameters[i]);
        }
        return locals;
    }

    private static Object frameType(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.LONG -> Opcodes.LONG;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            default -> t.getInternalName();
        };
    }
}
