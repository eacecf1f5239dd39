package io.odysseyguard.quarkus.deployment;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.StringJoiner;

import io.odysseyguard.agent.Option;
import io.odysseyguard.agent.SelfAttach;
import io.odysseyguard.guard.OdysseyGuard;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.runtime.OdysseyGuardConfig;

/**
 * Makes sure the Odyssey Guard agent is installed in this JVM. Given with {@code -javaagent}: nothing to do.
 * Otherwise the agent's own {@link SelfAttach} loads it into this JVM through the JDK's Attach API: in process when
 * {@code -Djdk.attach.allowAttachSelf=true} allows it, else from a short-lived helper JVM, since a JVM may not attach
 * to itself by default. This class only adds the extension's settings (whether to self-attach, the agent options) and
 * its warnings. Never throws: without the agent the application runs as before, with one warning.
 */
final class AgentInstaller {
    private static final Logger LOG = Logger.getLogger(AgentInstaller.class);
    private static volatile boolean warned;

    private AgentInstaller() {
    }

    static synchronized boolean ensureInstalled(OdysseyGuardConfig config) {
        if (GuardAccess.agentActive()) {
            return true;
        }
        if (!config.selfAttach()) {
            warnOnce("the agent is not installed and quarkus.odyssey-guard.self-attach=false;"
                    + " live reloads release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
            return false;
        }
        try {
            SelfAttach.Result result = SelfAttach.install(agentOptions(config));
            if (result.outcome() == SelfAttach.Outcome.AGENT_JAR_NOT_FOUND) {
                warnOnce("the agent jar was not found on the extension's class path; live reloads"
                        + " release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
                return false;
            }
            if (result.installed() && GuardAccess.agentActive()) {
                LOG.debugf("agent installed into this JVM from %s (%s)", result.agentJar(), result.reason());
                return true;
            }
            warnOnce("installing the agent into this JVM did not succeed (" + result.reason()
                    + "); live reloads release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
        } catch (Throwable t) {
            warnOnce("installing the agent into this JVM failed (" + t.getClass().getName()
                    + "); live reloads release nothing (add -javaagent:odyssey-guard-agent.jar to the JVM options)");
            LOG.debug("why installing the agent failed", t);
        }
        return false;
    }

    /** The extension's settings as agent options; one not set is left to the agent's default. Null when none is set. */
    static String agentOptions(OdysseyGuardConfig config) {
        StringJoiner options = new StringJoiner(",");
        config.releaseTimeout().ifPresent(d -> options.add(duration(Option.RELEASE_TIMEOUT, d)));
        config.exitBudget().ifPresent(d -> options.add(duration(Option.EXIT_BUDGET, d)));
        return options.length() == 0 ? null : options.toString();
    }

    private static String duration(Option option, Duration value) {
        return option.key() + "=" + Math.max(1, value.toMillis()) + "ms";
    }

    /** Warns once, in the guard's own words ({@code odyssey-guard: ...}). */
    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.warn(OdysseyGuard.OUTPUT_PREFIX + message);
        }
    }
}
