package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.app.Greeting;
import io.quarkus.test.QuarkusUnitTest;

/** In tests, {@code quarkus.odyssey-guard.enabled=true} installs the agent (JVM exit and loader close then release). */
class TestModeEnabledTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Greeting.class))
            .overrideConfigKey("quarkus.odyssey-guard.enabled", "true");

    @Test
    void installsTheAgentWhenEnabled() {
        assertThat(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .noneMatch(arg -> arg.startsWith("-javaagent:") && arg.contains("odyssey-guard-agent"));
        assertThat(GuardAccess.agentActive()).isTrue();
    }
}
