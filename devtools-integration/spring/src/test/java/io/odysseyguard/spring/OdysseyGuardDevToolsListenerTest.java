package io.odysseyguard.spring;

import io.odysseyguard.agent.Option;
import io.odysseyguard.agent.Options;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependency way stays inert where it must: in tests (DevTools' own rule sees JUnit on the stack) and when
 * turned off. The installing side is proven end to end by {@code DevToolsRestartIT}.
 */
class OdysseyGuardDevToolsListenerTest {
    private static final String ENABLED_PROPERTY = Option.ENABLED.propertyName();

    @AfterEach
    void clear() {
        System.clearProperty(ENABLED_PROPERTY);
    }

    private static String reasonToInstall() {
        return OdysseyGuardDevToolsListener.reasonToInstall(Options.ofThisJvm(null));
    }

    @Test
    void isRegisteredAsAnEarlyListener() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
                .anyMatch(l -> l instanceof OdysseyGuardDevToolsListener);
    }

    @Test
    void staysInertInTests() {
        assertThat(DevToolsRestart.isPresent()).isTrue();
        assertThat(reasonToInstall()).isNull();
        new OdysseyGuardDevToolsListener().onApplicationEvent(
                new ApplicationStartingEvent(null, new SpringApplication(), new String[0]));
        assertThat(OdysseyGuardDevToolsListener.isAgentInstalled()).isFalse();
    }

    @Test
    void enabledFalseTurnsItOff() {
        System.setProperty(ENABLED_PROPERTY, "false");
        assertThat(reasonToInstall()).isNull();
    }

    @Test
    void enabledTrueForcesIt() {
        System.setProperty(ENABLED_PROPERTY, "true");
        assertThat(reasonToInstall()).isEqualTo("odyssey.guard.enabled=true");
    }

    @Test
    void readsEnabledByTheAgentsOwnRulesTheEnvironmentToo() {
        java.util.Properties none = new java.util.Properties();
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall(
                Options.parse(null, none, java.util.Map.of("ODYSSEY_GUARD_ENABLED", "false")))).isNull();
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall(
                Options.parse(null, none, java.util.Map.of("ODYSSEY_GUARD_ENABLED", "true")))).isEqualTo("odyssey.guard.enabled=true");
        java.util.Properties off = new java.util.Properties();
        off.setProperty(ENABLED_PROPERTY, "false");
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall(
                Options.parse(null, off, java.util.Map.of("ODYSSEY_GUARD_ENABLED", "true")))).as("-D over the environment").isNull();
    }

    @Test
    void runsBeforeDevToolsOwnRestartListener() {
        assertThat(new OdysseyGuardDevToolsListener().getOrder())
                .isLessThanOrEqualTo(new org.springframework.boot.devtools.restart.RestartApplicationListener().getOrder());
    }
}
