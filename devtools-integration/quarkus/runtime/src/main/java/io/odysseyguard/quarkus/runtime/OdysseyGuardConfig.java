package io.odysseyguard.quarkus.runtime;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Odyssey Guard: no Odyssey session outlives the code that opened it, across live reloads.
 */
@ConfigMapping(prefix = "quarkus.odyssey-guard")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface OdysseyGuardConfig {

    /**
     * Whether the guard is on. When not set, it is on in dev mode ({@code quarkus:dev}) and off in tests
     * ({@code @QuarkusTest}) and in production. In dev mode it installs the Odyssey Guard agent into the dev-mode
     * JVM if {@code -javaagent} did not, releases the discarded generation's Odyssey connections before every live
     * reload that restarts the application, and all of them when dev mode ends. Set it to {@code true} to get the
     * agent installed in tests as well; a packaged (production) application needs {@code -javaagent}.
     */
    Optional<Boolean> enabled();

    /**
     * How long one connection's graceful disconnect may take when it is released (agent option
     * {@code release-timeout}; not set: the agent's default, 2s). Used when the extension installs the agent; with
     * {@code -javaagent} the agent's own options apply.
     */
    Optional<Duration> releaseTimeout();

    /**
     * How long releasing may hold up the JVM's exit in total (agent option {@code exit-budget}; not set: the agent's
     * default, 5s). Used when the extension installs the agent; with {@code -javaagent} the agent's own options apply.
     */
    Optional<Duration> exitBudget();

    /**
     * Whether the extension may install the agent into the running JVM itself (through the JDK's attach mechanism,
     * from a short-lived helper process) when it was not given with {@code -javaagent}. With {@code false} and no
     * flag, the guard warns once and does nothing.
     */
    @WithDefault("true")
    boolean selfAttach();
}
