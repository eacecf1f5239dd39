package io.odysseyguard.agent.engine.advice;

import io.odysseyguard.guard.triggers.LoaderCloseTrigger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of a class loader's {@code close()} ({@code java.net.URLClassLoader}, Quarkus'
 * {@code QuarkusClassLoader}): release the connections of that loader while it can still load the classes their
 * close methods need.
 */
public final class LoaderCloseAdvice {
    private LoaderCloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object self) {
        LoaderCloseTrigger.closing(self);
    }
}
