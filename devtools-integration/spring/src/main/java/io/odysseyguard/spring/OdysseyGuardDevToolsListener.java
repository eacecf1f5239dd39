package io.odysseyguard.spring;

import io.odysseyguard.agent.Option;
import io.odysseyguard.agent.Options;
import io.odysseyguard.agent.SelfAttach;
import io.odysseyguard.guard.OdysseyGuard;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The dependency way of Odyssey Guard for Spring Boot DevTools. Registered in {@code META-INF/spring.factories}
 * (an early listener: auto-configurations come far too late, after the application's own beans may have
 * connected), it runs on {@link ApplicationStartingEvent}, before any bean exists. Only when DevTools restarts are
 * active does it make sure the Odyssey Guard agent is installed:
 * <ul>
 * <li>the agent is there already ({@code -javaagent:odyssey-guard-agent.jar}, or attached by an earlier start):
 *     nothing more is done, so the guard never releases twice;</li>
 * <li>otherwise the agent jar (a dependency of this module) is attached to this JVM by the agent's own
 *     {@link SelfAttach} (from a short-lived helper JVM, as ByteBuddy's agent does).</li>
 * </ul>
 * The agent then releases the discarded generation's connections on every DevTools restart ({@code Restarter.stop()}),
 * and everything at JVM exit.
 *
 * <p>Inert when DevTools is absent, when restart is disabled ({@code spring.devtools.restart.enabled=false}, a packaged
 * application, a non-main launch thread) and in tests (DevTools' own rule: JUnit, Spring Boot's test support and
 * Cucumber on the stack). The agent's own options, read by the agent's own rules ({@link Options}): {@code enabled=false}
 * ({@code -Dodyssey.guard.enabled=false} or {@code ODYSSEY_GUARD_ENABLED=false}) turns it, and the agent, off;
 * {@code enabled=true} installs the agent even without DevTools restarts; {@code quiet=true} silences its info line.
 * Never throws into the application.
 */
public class OdysseyGuardDevToolsListener implements ApplicationListener<ApplicationStartingEvent>, Ordered {
    /** One attempt per JVM (this class sits in the base class loader, not in a restart generation's). */
    private static final AtomicBoolean ATTEMPTED = new AtomicBoolean();

    @Override
    public void onApplicationEvent(ApplicationStartingEvent event) {
        try {
            Options options = Options.ofThisJvm(null);
            String why = reasonToInstall(options);
            if (why == null || isAgentInstalled() || !ATTEMPTED.compareAndSet(false, true)) {
                return;
            }
            attach(why, options.quiet());
        } catch (Throwable t) {
            warn("could not install the agent (" + t.getClass().getName()
                    + "); DevTools restarts are not guarded. Add -javaagent:odyssey-guard-agent.jar instead");
        }
    }

    /** Runs before DevTools' own {@code RestartApplicationListener}, which restarts at once on this event. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Why the guard is needed in this JVM, or null when it stays inert. */
    static String reasonToInstall(Options options) {
        boolean given = options.isGiven(Option.ENABLED);
        if (given && !options.enabled()) {
            return null;
        }
        if (DevToolsRestart.isPresent() && DevToolsRestart.isActive(Thread.currentThread())) {
            return "DevTools restart";
        }
        return given ? Option.ENABLED.propertyName() + "=true" : null;
    }

    /** True when the agent's bootstrap part is in place (the flag way, or an earlier attach). */
    static boolean isAgentInstalled() {
        return SelfAttach.isInstalled();
    }

    /** Attaches the agent (no options: the agent reads {@code -Dodyssey.guard.*} itself) and says how it went. */
    static void attach(String reason, boolean quiet) {
        SelfAttach.Result result = SelfAttach.install(null);
        switch (result.outcome()) {
            case ALREADY_INSTALLED:
                return;
            case ATTACHED:
                if (!quiet) {
                    info("agent installed for " + reason + " (attached " + result.agentJar().getFileName() + ")");
                }
                return;
            case AGENT_JAR_NOT_FOUND:
                warn("the odyssey-guard-agent jar is not on the class path; " + reason + " is not guarded."
                        + " Add -javaagent:odyssey-guard-agent.jar instead");
                return;
            case TIMED_OUT:
                warn(result.reason() + "; " + reason + " is not guarded");
                return;
            default:
                warn("could not attach the agent (" + result.reason() + "); " + reason + " is not guarded. Add -javaagent:"
                        + (result.agentJar() == null ? "odyssey-guard-agent.jar" : result.agentJar()) + " instead");
        }
    }

    static void info(String message) {
        System.err.println(OdysseyGuard.OUTPUT_PREFIX + message);
    }

    static void warn(String message) {
        info("warning: " + message);
    }
}
