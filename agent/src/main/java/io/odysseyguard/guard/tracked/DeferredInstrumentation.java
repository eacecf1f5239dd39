package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.reported.Reporter;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Classes the agent instruments only once the first connection is tracked, so that a JVM that never opens one never
 * pays for them: {@code java.net.URLClassLoader} is loaded before premain and would take a retransformation (and the
 * bytecode engine) at start-up. The start-up stage names them (its hook table); the tracker retransforms them when
 * the first connection is tracked, and the agent's transformer, asked by the JVM, weaves them from then on.
 *
 * @param instrumentation the agent's
 * @param classes         what to retransform then
 */
public record DeferredInstrumentation(Instrumentation instrumentation, List<Class<?>> classes) {
    public DeferredInstrumentation {
        classes = List.copyOf(classes);
    }

    /** Nothing deferred (a JVM that cannot retransform classes). */
    public static DeferredInstrumentation none() {
        return new DeferredInstrumentation(null, List.of());
    }

    void run() {
        for (Class<?> c : classes) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Throwable t) {
                Reporter.warn("could not instrument " + c.getName() + " (" + t.getClass().getName()
                        + "); its trigger is not installed");
            }
        }
    }
}
