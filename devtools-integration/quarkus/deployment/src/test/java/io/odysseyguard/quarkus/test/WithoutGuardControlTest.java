package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The control: the same application and reloads without the guard (extension disabled, no agent). Every generation
 * leaves its session open, and the sixth generation is refused with a 429 by the concurrency limit of 5.
 */
class WithoutGuardControlTest {
    static final DevModeSupport SUPPORT = DevModeSupport.start();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = SUPPORT.devMode("quarkus.odyssey-guard.enabled=false");

    @Test
    void withoutTheGuardTheSixthGenerationGetsA429() {
        assertThat(DevModeSupport.agentFlagGiven()).isFalse();
        Probe.Generation first = SUPPORT.awaitGeneration(0);
        assertThat(first.failure()).isNull();
        for (int n = 0; n < 5; n++) {
            Probe.Generation current = SUPPORT.reload(TEST, n);
            if (n < 4) {
                assertThat(current.failure()).as(current.name()).isNull();
            }
        }
        assertThat(GuardAccess.agentActive()).as("no agent in this JVM").isFalse();
        Probe.Generation sixth = Probe.last();
        assertThat(sixth.name()).isEqualTo("gen-5");
        assertThat(sixth.failure()).as("the sixth generation is refused").isEqualTo("429");
        assertThat(SUPPORT.openSessions()).as("the five earlier sessions are all still open").hasSize(5);
        assertThat(SUPPORT.usage().sessions()).noneMatch(s -> s.closeReason() == CloseReason.CLIENT_DISCONNECT);
        assertThat(SUPPORT.usage().concurrentSessions()).isEqualTo(DevModeSupport.CONCURRENCY_LIMIT);
        Usage usage = SUPPORT.usage();
        assertThat(usage.concurrentLimit()).isEqualTo(5);
    }
}
