package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.triggers.DevToolsRestartTrigger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of Spring Boot DevTools' {@code Restarter.stop()}, normal or exceptional: the old application
 * contexts are closed and the new generation is not started yet; release the discarded generation's connections.
 */
public final class DevToolsRestartAdvice {
    private DevToolsRestartAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
        DevToolsRestartTrigger.stopped();
    }
}
