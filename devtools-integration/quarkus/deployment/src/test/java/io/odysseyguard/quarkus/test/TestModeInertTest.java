package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.app.Greeting;
import io.quarkus.test.QuarkusUnitTest;

/** In tests ({@code @QuarkusTest}-style launch mode TEST) the extension stays inert unless enabled. */
class TestModeInertTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Greeting.class));

    @Test
    void installsNothingByDefault() {
        assertThat(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                .noneMatch(arg -> arg.startsWith("-javaagent:") && arg.contains("odyssey-guard-agent"));
        assertThat(GuardAccess.agentActive()).isFalse();
    }
}
