package io.odysseyguard.agent;

import io.odysseyguard.agent.hooks.TargetSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class GuardStartupTest {
    @Test
    void theAttachedLineNamesTheTargetsAndWhatWasInstrumentedOnTheSpot() {
        assertThat(GuardStartup.attachedLine(List.of(TargetSpec.ODYSSEY_CLIENT), 0))
                .isEqualTo("attached, guarding io.odysseyguard.client.OdysseyClient");
        List<TargetSpec> two = Options.parse("targets=com.acme.Conn#open/close", new Properties(),
                Map.of()).targets();
        assertThat(GuardStartup.attachedLine(two, 1))
                .isEqualTo("attached, guarding io.odysseyguard.client.OdysseyClient, com.acme.Conn"
                        + " (instrumented 1 class loaded before the attach)");
        assertThat(GuardStartup.attachedLine(two, 2)).endsWith(" (instrumented 2 classes loaded before the attach)");
    }
}
