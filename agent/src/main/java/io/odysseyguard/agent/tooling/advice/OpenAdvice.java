package io.odysseyguard.agent.tooling.advice;

import io.odysseyguard.guard.Tracker;
import net.bytebuddy.asm.Advice;

/** Inlined at the normal return of a target's open method: track {@code this}. */
public final class OpenAdvice {
    private OpenAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self, @CloseMethods String closeMethods) {
        Tracker.opened(self, closeMethods);
    }
}
