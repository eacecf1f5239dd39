package io.odysseyguard.agent;

import io.odysseyguard.agent.hooks.Hook;
import io.odysseyguard.agent.hooks.TargetSpec;
import io.odysseyguard.hardstop.JvmIdentity;
import io.odysseyguard.hardstop.keeper.SessionKeeper;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.Tracker;
import io.odysseyguard.guard.triggers.JvmExitTrigger;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs the guard once the bootstrap part is in place, the first class of the agent that names it: hands each
 * stage its options (the report its verbosity, the releaser its timeout, the JVM-exit trigger its budget, the tracker
 * the targets' close methods and what to set up at the first connection), then publishes
 * {@value #PRESENCE_PROPERTY} for the client. Runs once the bootstrap part is in
 * place, on {@link GuardStartup}'s thread; the transformer (registered before) waits for it before it weaves anything.
 */
final class GuardInstaller {
    /**
     * Published once the guard is installed, for the Odyssey client's {@code User-Agent}:
     * {@code odyssey-guard <version>; pid <pid>; main <main class or jar name>}. Outside the {@code odyssey.guard.}
     * prefix, whose unknown names {@link Options} warns about.
     */
    static final String PRESENCE_PROPERTY = "io.odysseyguard.agent";

    private GuardInstaller() {
    }

    /** Returns false when the JVM began to exit meanwhile: there is nothing left to guard. */
    static boolean install(Options options, List<Hook> hooks, Instrumentation inst) {
        Reporter.configure(options.quiet(), options.debug());
        Releaser.configure(options.releaseTimeoutMillis());
        try {
            JvmExitTrigger.register(options.exitBudgetMillis());
        } catch (IllegalStateException shutdownInProgress) {
            return false; // a JVM that ends while the guard sets up (a hello world) opened nothing
        }
        Tracker.install(options.stackDepth(), options.skipFrames(), closeMethodsByTarget(options.targets()),
                firstConnection(hooks, inst),
                new SessionKeeper(OdysseyGuardAgent.class, options.stateDir(), options.watchdog()));
        if (options.debug()) {
            AgentLog.info("debug: guarding " + options.targets() + "; release-timeout "
                    + options.releaseTimeoutMillis() + "ms, exit-budget " + options.exitBudgetMillis() + "ms");
        }
        announce();
        return true;
    }

    /**
     * Tells the client (and whoever reads this JVM's properties) that the guard runs here, so the service's list of
     * sessions can name the process holding each one. Cheap: the pid and {@code sun.java.command}, no
     * {@code ProcessHandle.info()}. The version is the agent jar's manifest's: this class is the system loader's, from
     * that jar (the bootstrap part's classes have no manifest to read).
     */
    private static void announce() {
        try {
            String version = GuardInstaller.class.getPackage().getImplementationVersion();
            System.setProperty(PRESENCE_PROPERTY, "odyssey-guard " + (version == null ? "development build" : version)
                    + "; pid " + ProcessHandle.current().pid() + "; main " + JvmIdentity.mainClassOrJarNameOfThisJvm());
        } catch (RuntimeException e) {
            AgentLog.warn("could not publish " + PRESENCE_PROPERTY + " (" + e.getClass().getName()
                    + "); sessions will not name this process");
        }
    }

    private static Map<String, List<String>> closeMethodsByTarget(List<TargetSpec> targets) {
        Map<String, List<String>> byTarget = new HashMap<>();
        for (TargetSpec t : targets) {
            byTarget.put(t.className(), t.closeMethods());
        }
        return byTarget;
    }

    /** What is due at the first connection: the deferred hooks' classes (by name, nothing is loaded here), the exit order. */
    private static FirstConnection firstConnection(List<Hook> hooks, Instrumentation inst) {
        if (!inst.isRetransformClassesSupported()) {
            AgentLog.warn("this JVM cannot retransform classes; URLClassLoader.close() will not release connections");
        }
        List<String> classes = new ArrayList<>();
        for (Hook h : hooks) {
            if (h.when() == Hook.When.FIRST_CONNECTION) {
                classes.add(h.className());
            }
        }
        return new FirstConnection(inst, classes);
    }

    /** Attached to a running JVM, once the guard is ready: instrument the hooked classes that are loaded already. */
    static void retransformLoaded(List<Hook> hooks, Instrumentation inst) {
        List<String> names = new ArrayList<>();
        for (Hook h : hooks) {
            if (h.when() == Hook.When.CLASS_LOAD) {
                names.add(h.className());
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                inst.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable t) {
                AgentLog.warn("could not instrument already loaded targets (" + t.getClass().getName() + ")");
            }
        }
    }
}
