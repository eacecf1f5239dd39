package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The dependency alone: no {@code -javaagent}, the extension on the class path, only a release timeout configured. In dev mode it
 * installs the agent itself; each live reload releases the discarded generation's session before the new one starts;
 * after 20 reloads the discarded generations are collectable.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class DependencyAloneReloadTest {
    static final int RELOADS = Integer.getInteger("odyssey.test.reloads", 20);
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("quarkus.odyssey-guard.release-timeout=3s");

    @Test
    void everyReloadReleasesTheDiscardedGenerationOnceAndNoGenerationIsPinned(LocalOdysseyServer server) {
        DevModeSupport support = new DevModeSupport(server);
        assertThat(DevModeSupport.agentFlagGiven()).as("no -javaagent flag in this JVM").isFalse();
        List<Probe.Generation> discarded = support.guardedReloads(TEST, RELOADS);
        assertThat(GuardAccess.agentActive()).as("the extension installed the agent").isTrue();
        assertThat(STDERR.lines("odyssey-guard: warning")).as("the agent took the extension's options").isEmpty();

        // One report per reload, each from the pre-restart step: nothing was released twice.
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS)
                .allSatisfy(line -> assertThat(line).matches("odyssey-guard: released 1 Odyssey connection left open by"
                        + " QuarkusClassLoader@\\p{XDigit}+ '[^']*restart no:\\d+' before Quarkus live reload \\(opened at .*")
                        .doesNotContain("OdysseyGuard.release("));

        // The leak check. The first generation is left out: Quarkus dev mode itself keeps the first runtime class
        // loader reachable, with no extension, agent or connection involved (see the README).
        assertThat(DevModeSupport.uncollected(discarded.subList(1, discarded.size())))
                .as("discarded generations still reachable").isEmpty();
    }
}
