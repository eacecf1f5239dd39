package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.CollectableApp;
import io.odysseyguard.agent.it.target.FileConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry never keeps a connection, its class or its class loader alive. */
class CollectabilityIT {
    @Test
    void aDiscardedLoaderThatOpenedConnectionsIsCollectableUnderTheAgent() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = ChildJvm.builder(CollectableApp.class.getName(), log.toString(),
                ChildJvm.TEST_CLASSES.toAbsolutePath().toString()).agentArgs("targets=" + FileConnection.TARGET).start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("tracked-before=2") // the agent did track both
                    .contains("collected=true")
                    .contains("tracked=0");
            assertThat(log.lines()).containsExactly("open kept", "open dropped");
        }
    }
}
