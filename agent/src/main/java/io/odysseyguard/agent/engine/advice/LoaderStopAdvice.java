package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.triggers.WebappStopTrigger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of Tomcat's {@code WebappClassLoaderBase.stop()}: the context's listeners ran, the loader has
 * not yet cleared references nor started to refuse classes; release its connections now.
 */
public final class LoaderStopAdvice {
    private LoaderStopAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object self) {
        WebappStopTrigger.loaderStopping(self);
    }
}
