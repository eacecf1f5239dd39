package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * Both ways at once: {@code -javaagent} and the extension. The extension sees the agent and installs nothing; its
 * pre-restart step releases each discarded generation, so when dev mode closes that generation's class loader the
 * agent finds nothing left: every session is released exactly once.
 */
class FlagAndDependencyReloadTest {
    static final int RELOADS = 6;
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();
    static final DevModeSupport SUPPORT = DevModeSupport.start();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = SUPPORT.devMode();

    @Test
    void eachDiscardedGenerationIsReleasedExactlyOnce() {
        assertThat(DevModeSupport.agentFlagGiven()).as("run with -javaagent (surefire execution 'flag')").isTrue();
        assertThat(GuardAccess.agentActive()).isTrue();
        SUPPORT.guardedReloads(TEST, RELOADS);
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS)
                .allSatisfy(line -> assertThat(line).contains(" before Quarkus live reload (opened at ").doesNotContain("was closed"));
    }
}
