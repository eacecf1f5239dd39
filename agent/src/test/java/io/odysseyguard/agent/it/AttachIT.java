package io.odysseyguard.agent.it;

import com.sun.tools.attach.VirtualMachine;
import io.odysseyguard.agent.it.apps.AttachApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Agent-Class: attached to a running JVM, the agent instruments the already loaded target and guards it. */
class AttachIT {
    @Test
    void attachedToARunningJvmItGuardsConnectionsOpenedAfterwards() throws Exception {
        ConnectionLog log = new ConnectionLog();
        Path go = log.file.resolveSibling("go");
        try (ChildJvm child = TestJvms.unguarded(AttachApp.class.getName(), log.toString(), go.toString()).start()) {
            child.awaitLine("ready", Duration.ofSeconds(60));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
            try {
                vm.loadAgent(TestJvms.AGENT_JAR.toAbsolutePath().toString(), "targets=" + FileConnection.TARGET);
            } finally {
                vm.detach();
            }
            Files.createFile(go);
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open attached-0", "open attached-1",
                    "close attached-0", "close attached-1");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 2 Odyssey connections left open by app at JVM exit (opened at "
                            + AttachApp.class.getName() + ".main(AttachApp.java:");
        }
    }
}
