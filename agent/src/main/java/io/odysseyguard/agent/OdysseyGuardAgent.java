package io.odysseyguard.agent;

import java.lang.instrument.Instrumentation;

/**
 * {@code Premain-Class} and {@code Agent-Class}: the start of the flow. Loaded by the system class loader; it reads
 * the {@link Options} (and prints their warnings), then hands over to {@link GuardStartup}, which registers the
 * transformer and sets the rest up beside the application. Nothing here may stop the application from starting.
 */
public final class OdysseyGuardAgent {
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
            Options options = Options.ofThisJvm(args);
            for (String w : options.warnings()) {
                AgentLog.warn(w);
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
            GuardStartup.begin(options, inst, attached);
        } catch (Throwable t) {
            AgentLog.warn("the agent could not start (" + t.getClass().getName() + "); the application runs unguarded");
        }
    }
}
