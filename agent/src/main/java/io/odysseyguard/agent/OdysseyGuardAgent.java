package io.odysseyguard.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code Premain-Class} and {@code Agent-Class}: the start of the flow. Loaded by the system class loader; it reads
 * the {@link Options} (and prints their warnings), then hands over to {@link GuardStartup}, which registers the
 * transformer and sets the rest up beside the application. Nothing here may stop the application from starting.
 */
public final class OdysseyGuardAgent {
    /**
     * Attached with options but not one {@code =} among them: {@code jcmd <pid> JVMTI.agent_load <jar> key=value}
     * hands the agent only {@code key} (its own parser splits an argument at the first {@code =}).
     */
    static final String JCMD_CUT_OPTIONS = "no agent option came with a value: jcmd cuts the options at their first '='"
            + " unless they are quoted (jcmd <pid> JVMTI.agent_load /abs/path/odyssey-guard-agent.jar"
            + " '\"release-timeout=1s,quiet=true\"')";
    /**
     * Loaded a second time into a JVM it guards (two {@code -javaagent} flags, {@code -javaagent} and then
     * {@code jcmd}, or {@code jcmd} twice): a second start would add a second transformer and exit hook.
     */
    static final String ALREADY_GUARDING = "already guarding this JVM; this load of the agent changes nothing"
            + " (its options are not applied: restart the JVM to change them)";

    /** Set by the first start of this class. */
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** The first start's set-up, once it has begun. */
    private static volatile GuardStartup startup;

    private OdysseyGuardAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            // A -javaagent start sees only STARTED (every premain's class comes from the system class loader): an
            // attach also looks for the bootstrap part, which a copy of the agent in another class loader put there.
            if (STARTED.get() || attached && SelfAttach.isInstalled()) {
                alreadyGuarding();
                return;
            }
            Options options = Options.ofThisJvm(args);
            for (String w : options.warnings()) {
                AgentLog.warn(w);
            }
            if (attached && options.agentArgumentWithoutValue() && args.indexOf('=') < 0) {
                AgentLog.warn(JCMD_CUT_OPTIONS);
            }
            if (options.help()) {
                for (String line : Options.helpLines()) {
                    AgentLog.info(line);
                }
            }
            if (!options.enabled()) {
                AgentLog.info("disabled (enabled=false); nothing is guarded");
                return;
            }
            if (!STARTED.compareAndSet(false, true)) { // two attaches at once: the second one loses
                alreadyGuarding();
                return;
            }
            startup = GuardStartup.begin(options, inst, attached);
        } catch (Throwable t) {
            AgentLog.warn("the agent could not start (" + t.getClass().getName() + "); the application runs unguarded");
        }
    }

    /**
     * Returns once the first start's set-up has ended (bounded): whoever attached this second copy (SelfAttach, for
     * one) then finds the guard installed, not half way through a {@code -javaagent} start that runs beside main.
     */
    private static void alreadyGuarding() {
        GuardStartup first = startup;
        if (first != null) {
            first.awaitReady();
        }
        AgentLog.info(ALREADY_GUARDING);
    }
}
