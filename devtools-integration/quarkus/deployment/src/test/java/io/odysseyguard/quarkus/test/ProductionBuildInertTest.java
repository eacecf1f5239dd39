package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.app.Greeting;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * A production build (launch mode NORMAL) runs in the build tool's JVM: even with the guard enabled, the extension
 * installs nothing there. A packaged application is guarded with {@code -javaagent}.
 */
class ProductionBuildInertTest {

    @RegisterExtension
    static final QuarkusProdModeTest TEST = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClass(Greeting.class))
            .overrideConfigKey("quarkus.odyssey-guard.enabled", "true")
            .setRun(false);

    @Test
    void theBuildInstallsNothingIntoTheBuildingJvm() {
        assertThat(DevModeSupport.agentFlagGiven()).isFalse();
        assertThat(GuardAccess.agentActive()).isFalse();
    }
}
