package io.odysseyguard.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.Map;

/**
 * Defines classes in the bootstrap class loader through {@code ClassLoader.defineClass1}.
 *
 * <p>Never loaded by the system class loader: {@link BootstrapInjector} loads it into a throwaway loader of its own
 * and opens {@code java.lang} to that loader's unnamed module only, so the application's class path never gains deep
 * access to {@code java.lang}. It sees JDK types only for that reason.
 */
public final class BootstrapDefiner {
    private BootstrapDefiner() {
    }

    /**
     * Defines each class file of {@code classes} (binary name to bytes). The guard's classes extend and implement JDK
     * types only, so the order does not matter.
     */
    public static void define(Map<String, byte[]> classes) throws Throwable {
        // A direct method handle: on JDK 18+ core reflection (Method.invoke) is built on method handles too,
        // and its adapters for a 7-argument static method cost far more to spin than one exact invoker.
        MethodHandle defineClass1 = MethodHandles.privateLookupIn(ClassLoader.class, MethodHandles.lookup())
                .findStatic(ClassLoader.class, "defineClass1", MethodType.methodType(Class.class, ClassLoader.class,
                        String.class, byte[].class, int.class, int.class, ProtectionDomain.class, String.class));
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] b = c.getValue();
            Class<?> defined = (Class<?>) defineClass1.invokeExact((ClassLoader) null, c.getKey(), b, 0, b.length,
                    (ProtectionDomain) null, "odyssey-guard-bootstrap");
            if (defined == null) {
                throw new IllegalStateException("defineClass1 returned null");
            }
        }
    }
}
