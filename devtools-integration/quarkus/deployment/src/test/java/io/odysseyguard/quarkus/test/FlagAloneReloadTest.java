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
 * The flag alone: {@code -javaagent:odyssey-guard-agent.jar} (the surefire execution {@code flag} gives it) and the
 * extension switched off. The agent releases a generation's connections when dev mode closes its class loader
 * ({@code QuarkusClassLoader.close()}), before the next generation starts.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class FlagAloneReloadTest {
    static final int RELOADS = 6;
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("quarkus.odyssey-guard.enabled=false");

    @Test
    void theAgentAloneReleasesEachDiscardedGenerationWhenItsLoaderCloses(LocalOdysseyServer server) {
        DevModeSupport support = new DevModeSupport(server);
        assertThat(DevModeSupport.agentFlagGiven()).as("run with -javaagent (surefire execution 'flag')").isTrue();
        assertThat(GuardAccess.agentActive()).isTrue();
        support.guardedReloads(TEST, RELOADS);
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS)
                .allSatisfy(line -> assertThat(line).contains("released 1 Odyssey connection left open by")
                        .contains(" when it was closed (opened at ").doesNotContain("Quarkus live reload"));
    }
}
