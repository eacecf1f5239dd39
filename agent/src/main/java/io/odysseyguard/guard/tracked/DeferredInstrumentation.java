package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.reported.Reporter;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * JDK classes the agent instruments only once the first connection is tracked, so that a JVM that never opens one
 * never pays for them: instrumenting {@code java.net.URLClassLoader} takes the bytecode engine (and, when it is loaded
 * already, a retransformation). The start-up stage names them (its hook table); the tracker calls {@link #run()} when
 * the first connection is tracked, and the agent's transformer, asked by the JVM, weaves them from then on. Named, not
 * resolved: a JVM that never loads one does not load it for the guard's sake.
 *
 * @param instrumentation the agent's; null when the JVM cannot retransform classes
 * @param classNames      binary names of bootstrap classes
 */
public record DeferredInstrumentation(Instrumentation instrumentation, List<String> classNames) {
    public DeferredInstrumentation {
        classNames = List.copyOf(classNames);
    }

    /** Nothing deferred (a JVM that cannot retransform classes). */
    public static DeferredInstrumentation none() {
        return new DeferredInstrumentation(null, List.of());
    }

    /** Loads each class (woven as it loads) or, loaded already, retransforms it. */
    void run() {
        for (String name : classNames) {
            try {
                instrumentation.retransformClasses(Class.forName(name, false, null));
            } catch (Throwable t) {
                Reporter.warn("could not instrument " + name + " (" + t.getClass().getName()
                        + "); its trigger is not installed");
            }
        }
    }
}
