package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.CollectableApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry never keeps a connection, its class or its class loader alive. */
class CollectabilityIT {
    @Test
    void aDiscardedLoaderThatOpenedConnectionsIsCollectableUnderTheAgent() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith("targets=" + FileConnection.TARGET, CollectableApp.class.getName(), log.toString(),
                TestJvms.TEST_CLASSES.toAbsolutePath().toString()).start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("tracked-before=2") // the agent did track both
                    .contains("collected=true")
                    .contains("tracked=0");
            assertThat(log.lines()).containsExactly("open kept", "open dropped");
        }
    }
}
