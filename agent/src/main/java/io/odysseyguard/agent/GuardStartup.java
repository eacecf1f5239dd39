package io.odysseyguard.agent;

import io.odysseyguard.agent.hooks.Hook;
import io.odysseyguard.agent.hooks.HookTable;
import io.odysseyguard.agent.hooks.TargetSpec;
import io.odysseyguard.agent.instrumentation.GuardSetup;
import io.odysseyguard.agent.instrumentation.HookTransformer;
import io.odysseyguard.hardstop.LeftoversReap;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sets the guard up: registers the transformer at once, then puts the bootstrap part into the bootstrap class loader
 * ({@link BootstrapInjector}) and configures it ({@link GuardInstaller}). At a JVM's start the second part runs on a
 * thread of its own, so {@code premain} returns in about a millisecond and the application's main thread starts while
 * the guard gets ready beside it (defining the bootstrap part spins method handles and lambdas: milliseconds that a
 * JVM which never uses Odyssey should not wait for). Attached to a running JVM it all runs on the attaching thread.
 *
 * <p>Whatever needs the guard waits for it ({@link #awaitReady}): the transformer, before it weaves a hooked class
 * and before it lets any class that names the guard's package be defined (so that its first call finds the guard
 * started).
 */
public final class GuardStartup implements Runnable, GuardSetup {
    /** Longer than any start-up takes; past it a waiting thread goes on and the guard stays out of its way. */
    private static final long WAIT_MILLIS = 10_000;

    private final Options options;
    private final List<Hook> hooks;
    private final Instrumentation inst;
    private final boolean attached;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile boolean ready;
    private volatile Thread thread;
    private HookTransformer transformer;

    private GuardStartup(Options options, List<Hook> hooks, Instrumentation inst, boolean attached) {
        this.options = options;
        this.hooks = hooks;
        this.inst = inst;
        this.attached = attached;
    }

    static GuardStartup begin(Options options, Instrumentation inst, boolean attached) {
        List<Hook> hooks = HookTable.of(options.targets());
        GuardStartup startup = new GuardStartup(options, hooks, inst, attached);
        startup.transformer = new HookTransformer(hooks, inst, options.debug(), startup);
        inst.addTransformer(startup.transformer, true);
        if (attached) {
            startup.thread = Thread.currentThread(); // it loads classes that name the guard: it must not wait for itself
            startup.run();
            return startup;
        }
        Thread t = new Thread(startup, "odyssey-guard-startup");
        t.setDaemon(true); // a JVM that ends before the guard is ready had nothing to guard
        startup.thread = t;
        t.start();
        return startup;
    }

    @Override
    public void run() {
        try {
            if (BootstrapInjector.inject(inst, options.debug())) {
                ready = GuardInstaller.install(options, hooks, inst);
                if (ready && attached) {
                    GuardInstaller.retransformLoaded(hooks, inst);
                    if (!options.quiet()) {
                        // Before the other threads go on (they wait for the set-up): the count is the attach's own.
                        AgentLog.info(attachedLine(options.targets(), transformer.rewovenCount()));
                    }
                }
            }
        } catch (Throwable t) {
            AgentLog.warn("the agent could not start (" + t.getClass().getName() + "); the application runs unguarded");
        } finally {
            settled.countDown();
        }
    }

    /**
     * The one line an attach prints once the guard is ready ({@code jcmd <pid> JVMTI.agent_load} says nothing of the
     * agent itself): {@code attached, guarding <targets>}, and how many classes loaded before the attach were
     * instrumented, when any were. A {@code -javaagent} start prints nothing.
     */
    static String attachedLine(List<TargetSpec> targets, int instrumentedBefore) {
        StringBuilder line = new StringBuilder("attached, guarding ");
        for (int i = 0; i < targets.size(); i++) {
            line.append(i == 0 ? "" : ", ").append(targets.get(i).className());
        }
        if (instrumentedBefore > 0) {
            line.append(" (instrumented ").append(instrumentedBefore)
                    .append(instrumentedBefore == 1 ? " class" : " classes").append(" loaded before the attach)");
        }
        return line.toString();
    }

    @Override
    public boolean isSettled() {
        return settled.getCount() == 0;
    }

    @Override
    public boolean isStartupThread() {
        return Thread.currentThread() == thread;
    }

    /** The reap of gone JVMs' leftovers, in the background: they free their slots before this JVM asks for one. */
    @Override
    public void firstHookedClass() {
        new LeftoversReap(options.stateDir()).startInBackground();
    }

    @Override
    public boolean awaitReady() {
        if (isSettled() || isStartupThread()) {
            return ready;
        }
        try {
            if (!settled.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                AgentLog.warn("the guard was not ready after " + WAIT_MILLIS + " ms; going on without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ready;
    }
}
