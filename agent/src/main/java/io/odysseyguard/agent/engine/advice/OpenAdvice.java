package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.tracked.Tracker;
import net.bytebuddy.asm.Advice;

/** Inlined at the normal return of a target's open method: track {@code this}, a connection of that target. */
public final class OpenAdvice {
    private OpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @Advice.Origin Class<?> target) {
        Tracker.opened(self, target);
    }
}
