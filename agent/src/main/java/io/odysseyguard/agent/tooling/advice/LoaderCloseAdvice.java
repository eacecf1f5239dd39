package io.odysseyguard.agent.tooling.advice;

import io.odysseyguard.guard.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code java.net.URLClassLoader.close()}: release the connections of that loader
 * while it can still load the classes their close methods need.
 */
public final class LoaderCloseAdvice {
    private LoaderCloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object self) {
        Tracker.loaderClosing(self);
    }
}
