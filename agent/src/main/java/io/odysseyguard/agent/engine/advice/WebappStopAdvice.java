package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.triggers.WebappStopTrigger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit, normal or exceptional, of Jetty's {@code WebAppContext.stopWebapp()}: the application's
 * listeners ran, the webapp's class loader is still open; release its connections.
 */
public final class WebappStopAdvice {
    private WebappStopAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This Object self) {
        WebappStopTrigger.webappStopped(self);
    }
}
