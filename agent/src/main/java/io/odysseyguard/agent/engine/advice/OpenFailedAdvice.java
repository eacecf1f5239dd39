package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.tracked.Tracker;
import net.bytebuddy.asm.Advice;

/** Inlined at every exit of the client's {@code connect()}: when it threw, the tracker looks at why. */
public final class OpenFailedAdvice {
    private OpenFailedAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            Tracker.openFailed(thrown);
        }
    }
}
