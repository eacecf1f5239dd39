package io.odysseyguard.agent.tooling.advice;

import io.odysseyguard.guard.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of Spring Boot DevTools' {@code Restarter.stop()}, normal or exceptional: the old
 * application contexts are closed (the application's own {@code @PreDestroy} had its chance), the new
 * generation is not started yet ({@code restart()} calls {@code stop()} then {@code start()}, so also a start
 * that fails comes after this): release the connections of the discarded {@code RestartClassLoader}
 * generation.
 */
public final class DevToolsRestartAdvice {
    private DevToolsRestartAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
        Tracker.devToolsRestart();
    }
}
