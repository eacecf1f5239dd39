package io.odysseyguard.agent;

import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.triggers.JvmExitTrigger;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/**
 * Puts the guard's JVM-exit release after the application's own shutdown. The JVM starts every application shutdown
 * hook at once and in no order ({@code java.lang.ApplicationShutdownHooks}), so a hook of the guard's would race
 * Spring's context close, Quarkus' shutdown or the application's own hook, and win. The JDK's own shutdown sequence
 * ({@code java.lang.Shutdown}) runs its system hooks one after the other, and slot 1 is the one that starts the
 * application hooks and waits for all of them: a hook in a later slot runs after every application hook returned. So
 * {@link JvmExitTrigger#afterApplicationHooks()} goes into the last slot, {@value #SLOT} (slots 0 to 2 are the JDK's
 * own on JDK 17 to 25; a later JDK that wanted slot {@value #SLOT} would find it taken and fail, so the last one is the
 * least likely to be wanted), through {@link ShutdownSlot} in an isolated loader that alone gets
 * {@code jdk.internal.access} exported.
 *
 * <p>When that cannot be done (no such internal API, the slot taken, module redefinition refused), the exit release
 * stays where it was: an application shutdown hook beside the application's, which one debug line says.
 */
final class ExitOrder {
    /** The last of the JDK's ten system-hook slots ({@code Shutdown.MAX_SYSTEM_HOOKS}). */
    static final int SLOT = 9;
    private static final String HELPER = "io.odysseyguard.agent.ShutdownSlot";

    private ExitOrder() {
    }

    /** Registers the exit release after the application's hooks; true when it will run there. Never throws. */
    static boolean goLast(Instrumentation inst) {
        Runnable hook = JvmExitTrigger.afterApplicationHooks();
        if (hook == null) {
            return false;
        }
        try {
            Class<?> helper = IsolatedClass.load(inst, IsolatedClass.agentLocation(), HELPER,
                    Set.of("jdk.internal.access"), false);
            MethodHandle register = MethodHandles.publicLookup().findStatic(helper, "register",
                    MethodType.methodType(void.class, int.class, Runnable.class));
            register.invoke(SLOT, hook);
            JvmExitTrigger.goesLast();
            return true;
        } catch (Throwable t) {
            Reporter.debug("cannot release after the application's shutdown hooks at JVM exit (" + t.getClass().getName()
                    + ": " + t.getMessage() + "); releasing in a shutdown hook beside them");
            return false;
        }
    }
}
