package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.tracked.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the normal return of a target's close method: untrack {@code this}. A close that throws leaves
 * the connection tracked, so a trigger tries again (the close methods are expected to be idempotent).
 */
public final class CloseAdvice {
    private CloseAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
        Tracker.closed(self);
    }
}
