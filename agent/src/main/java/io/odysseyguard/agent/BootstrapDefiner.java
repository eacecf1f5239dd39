package io.odysseyguard.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;

/**
 * Defines classes in the bootstrap class loader through {@code ClassLoader.defineClass1}.
 *
 * <p>Never loaded by the system class loader: {@link BootstrapInjector} loads it into a throwaway loader of
 * its own and opens {@code java.lang} to that loader's unnamed module only, so the application's class path
 * never gains deep access to {@code java.lang}.
 */
public final class BootstrapDefiner {
    private BootstrapDefiner() {
    }

    public static void define(String[] names, byte[][] classes) throws Throwable {
        // A direct method handle: on JDK 18+ core reflection (Method.invoke) is built on method handles too,
        // and its adapters for a 7-argument static method cost far more to spin than one exact invoker.
        MethodHandle defineClass1 = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup())
                .findStatic(ClassLoader.class, "defineClass1", MethodType.methodType(Class.class, ClassLoader.class,
                        String.class, byte[].class, int.class, int.class, ProtectionDomain.class, String.class));
        // Supertypes of the guard classes are all JDK types, so the order does not matter.
        for (int i = 0; i < names.length; i++) {
            byte[] b = classes[i];
            Class<?> defined = (Class<?>) defineClass1.invokeExact((ClassLoader) null, names[i], b, 0, b.length,
                    (ProtectionDomain) null, "odyssey-guard-bootstrap");
            if (defined == null) {
                throw new IllegalStateException("defineClass1 returned null");
            }
        }
    }
}
