package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The control: the same application and reloads without the guard (extension disabled, no agent). Every generation
 * leaves its session open, and the sixth generation is refused with a 429 by the concurrency limit of 5.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class WithoutGuardControlTest {

    @RegisterExtension
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("quarkus.odyssey-guard.enabled=false");

    @Test
    void withoutTheGuardTheSixthGenerationGetsA429(LocalOdysseyServer server) {
        DevModeSupport support = new DevModeSupport(server);
        assertThat(DevModeSupport.agentFlagGiven()).isFalse();
        Probe.Generation first = support.awaitGeneration(0);
        assertThat(first.failure()).isNull();
        for (int n = 0; n < 5; n++) {
            Probe.Generation current = support.reload(TEST, n);
            if (n < 4) {
                assertThat(current.failure()).as(current.name()).isNull();
            }
        }
        assertThat(GuardAccess.agentActive()).as("no agent in this JVM").isFalse();
        Probe.Generation sixth = Probe.last();
        assertThat(sixth.name()).isEqualTo("gen-5");
        assertThat(sixth.failure()).as("the sixth generation is refused").isEqualTo("429");
        assertThat(support.openSessions()).as("the five earlier sessions are all still open").hasSize(5);
        assertThat(support.usage().sessions()).noneMatch(s -> s.closeReason() == CloseReason.CLIENT_DISCONNECT);
        assertThat(support.usage().concurrentSessions()).isEqualTo(DevModeSupport.CONCURRENCY_LIMIT);
        Usage usage = support.usage();
        assertThat(usage.concurrentLimit()).isEqualTo(5);
    }
}
