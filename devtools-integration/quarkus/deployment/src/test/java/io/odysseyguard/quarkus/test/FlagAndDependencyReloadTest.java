package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * Both ways at once: {@code -javaagent} and the extension. The extension sees the agent and installs nothing; its
 * pre-restart step names the coming close of the running generation's class loader, and when dev mode closes it,
 * after the old application stopped, the agent releases it under that name: every session is released exactly once.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class FlagAndDependencyReloadTest {
    static final int RELOADS = 6;
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode();

    @Test
    void eachDiscardedGenerationIsReleasedExactlyOnce(LocalOdysseyServer server) {
        DevModeSupport support = new DevModeSupport(server);
        assertThat(DevModeSupport.agentFlagGiven()).as("run with -javaagent (surefire execution 'flag')").isTrue();
        assertThat(GuardAccess.agentActive()).isTrue();
        support.guardedReloads(TEST, RELOADS);
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS)
                .allSatisfy(line -> assertThat(line).contains(" on Quarkus live reload (opened at ").doesNotContain("was closed"));
    }
}
