package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.FrameworkHooksApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framework hooks recognised by name (DevTools' {@code Restarter.stop()}, Quarkus' {@code QuarkusClassLoader.close()}),
 * exercised with same-named stand-ins compiled in the test sources: the mechanism only. The real DevTools restart is
 * proven by {@code odyssey-guard-spring}'s integration test, real Quarkus dev mode by the Quarkus extension's.
 */
class FrameworkHooksIT {
    @Test
    void devToolsRestartAndQuarkusLoaderCloseReleaseTheirGenerationOnce() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith("targets=" + FileConnection.TARGET, FrameworkHooksApp.class.getName(), log.toString(),
                TestJvms.TEST_CLASSES.toAbsolutePath().toString()).start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("open=2").contains("after-restart=1").contains("stop threw IllegalStateException")
                    .contains("after-failing-stop=1").contains("before-quarkus-close=2")
                    .contains("after-quarkus-close=1").contains("left=" + FileConnection.class.getName() + " owner=app");
            // each generation closed exactly once, after its stop() ran; main closed by the app itself
            assertThat(log.lines()).containsExactly("open main", "open gen1", "close gen1", "open gen2", "close gen2",
                    "open quarkus", "close quarkus", "close main");
            List<String> lines = child.guardLines();
            assertThat(lines).as(child.describe()).hasSize(3);
            assertThat(lines.get(0)).matches("odyssey-guard: released 1 Odyssey connection left open by"
                    + " RestartClassLoader@\\p{XDigit}+ on DevTools restart \\(opened at"
                    + " io\\.odysseyguard\\.agent\\.it\\.fixtures\\.Plugin\\.start\\(Plugin\\.java:\\d+\\).*");
            assertThat(lines.get(1)).startsWith("odyssey-guard: released 1 Odyssey connection left open by RestartClassLoader@")
                    .contains(" on DevTools restart (opened at");
            assertThat(lines.get(2)).matches("odyssey-guard: released 1 Odyssey connection left open by"
                    + " QuarkusClassLoader@\\p{XDigit}+ 'quarkus-dev' when it was closed \\(opened at io\\.odysseyguard\\.agent\\.it\\.fixtures\\.Plugin\\.start\\(Plugin\\.java:\\d+\\).*");
        }
    }
}
