package io.odysseyguard.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Registers a system shutdown hook in a slot of the JDK's own shutdown sequence ({@code java.lang.Shutdown}), through
 * {@code jdk.internal.access.JavaLangAccess.registerShutdownHook}. The JDK runs those slots one after the other on the
 * exiting thread: slot 0 restores the console, slot 1 starts every application shutdown hook and waits for all of
 * them, slot 2 deletes the files marked delete-on-exit; a hook in a later slot runs once every application hook has
 * returned.
 *
 * <p>Never loaded by the system class loader: {@link AfterApplicationHooks} loads it into a throwaway loader of its own
 * ({@link IsolatedClass}) and exports {@code jdk.internal.access} to that loader's module only. It sees JDK types only.
 */
public final class ShutdownSlot {
    private ShutdownSlot() {
    }

    /**
     * Puts {@code hook} into {@code slot}. Throws what the JDK throws: {@code InternalError} when the slot is taken,
     * {@code IllegalStateException} when the JVM is exiting already.
     */
    public static void register(int slot, Runnable hook) throws Throwable {
        Object javaLangAccess = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess")
                .invoke(null);
        Method register = Class.forName("jdk.internal.access.JavaLangAccess")
                .getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
        try {
            register.invoke(javaLangAccess, slot, false, hook);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
