package io.odysseyguard.agent;

import io.odysseyguard.guard.output.Reporter;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * What the guard sets up only once the first connection is tracked, so that a JVM that never opens one never pays for
 * it: the JDK classes whose hooks are due then (instrumenting {@code java.net.URLClassLoader} takes the bytecode engine
 * and, when it is loaded already, a retransformation), and the JVM-exit release's place after the application's
 * shutdown hooks ({@link ExitOrder}). The tracker runs it on the thread that opened the connection; it never throws.
 */
final class FirstConnection implements Runnable {
    private final Instrumentation inst;
    /** Binary names of the deferred hooks' classes (JDK classes: named, not resolved, until now). */
    private final List<String> deferredClasses;

    FirstConnection(Instrumentation inst, List<String> deferredClasses) {
        this.inst = inst;
        this.deferredClasses = List.copyOf(deferredClasses);
    }

    @Override
    public void run() {
        if (inst.isRetransformClassesSupported()) {
            for (String name : deferredClasses) {
                try {
                    // Loads the class (woven as it loads) or, loaded already, retransforms it.
                    inst.retransformClasses(Class.forName(name, false, null));
                } catch (Throwable t) {
                    Reporter.warn("could not instrument " + name + " (" + t.getClass().getName()
                            + "); its trigger is not installed");
                }
            }
        }
        ExitOrder.goLast(inst);
    }
}
