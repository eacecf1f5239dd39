package io.odysseyguard.agent.engine;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A first, read-only pass over a hooked class: its methods of the hooked names, with what weaving them needs to know
 * beforehand (how many return instructions each has, its first free local variable).
 */
final class DeclaredMethods {
    /** One method of a hooked name. */
    record Method(String name, String descriptor, int access, int returns, int maxLocals) {
        /** An instance method with a body: where advice can go. */
        boolean isConcrete() {
            return (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                    && !name.startsWith("<");
        }

        boolean takesNoArguments() {
            return descriptor.startsWith("()");
        }
    }

    private final List<Method> methods = new ArrayList<>();

    private DeclaredMethods() {
    }

    static DeclaredMethods of(ClassReader reader, Set<String> names) {
        DeclaredMethods declared = new DeclaredMethods();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return names.contains(name) ? declared.counter(access, name, descriptor) : null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return declared;
    }

    private MethodVisitor counter(int access, String name, String descriptor) {
        return new MethodVisitor(Opcodes.ASM9) {
            private int returns;

            @Override
            public void visitInsn(int opcode) {
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    returns++;
                }
            }

            @Override
            public void visitEnd() {
                methods.add(new Method(name, descriptor, access, returns, maxLocals));
            }

            private int maxLocals;

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                this.maxLocals = maxLocals;
            }
        };
    }

    /** The method of this name and descriptor, or null. */
    Method find(String name, String descriptor) {
        for (Method m : methods) {
            if (m.name().equals(name) && m.descriptor().equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    List<Method> all() {
        return methods;
    }
}
