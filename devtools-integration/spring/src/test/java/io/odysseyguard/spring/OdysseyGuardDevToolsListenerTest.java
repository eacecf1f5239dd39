package io.odysseyguard.spring;

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
    @AfterEach
    void clear() {
        System.clearProperty(OdysseyGuardDevToolsListener.ENABLED_PROPERTY);
    }

    @Test
    void isRegisteredAsAnEarlyListener() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
                .anyMatch(l -> l instanceof OdysseyGuardDevToolsListener);
    }

    @Test
    void staysInertInTests() {
        assertThat(DevToolsRestart.isPresent()).isTrue();
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall()).isNull();
        new OdysseyGuardDevToolsListener().onApplicationEvent(
                new ApplicationStartingEvent(null, new SpringApplication(), new String[0]));
        assertThat(OdysseyGuardDevToolsListener.isAgentInstalled()).isFalse();
    }

    @Test
    void enabledFalseTurnsItOff() {
        System.setProperty(OdysseyGuardDevToolsListener.ENABLED_PROPERTY, "false");
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall()).isNull();
    }

    @Test
    void enabledTrueForcesIt() {
        System.setProperty(OdysseyGuardDevToolsListener.ENABLED_PROPERTY, "true");
        assertThat(OdysseyGuardDevToolsListener.reasonToInstall()).isEqualTo("odyssey.guard.enabled=true");
    }

    @Test
    void runsBeforeDevToolsOwnRestartListener() {
        assertThat(new OdysseyGuardDevToolsListener().getOrder())
                .isLessThanOrEqualTo(new org.springframework.boot.devtools.restart.RestartApplicationListener().getOrder());
    }
}
