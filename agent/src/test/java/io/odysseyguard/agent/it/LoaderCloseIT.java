package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.LoaderCloseApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a URLClassLoader (what Tomcat and Jetty do on redeploy) releases the connections that belong to it,
 * while the JVM runs on; connections of other loaders stay open.
 */
class LoaderCloseIT {
    @Test
    void closingTheLoaderReleasesItsConnectionsOnly() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith("targets=" + FileConnection.TARGET, LoaderCloseApp.class.getName(), log.toString(),
                TestJvms.TEST_CLASSES.toAbsolutePath().toString()).start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.describe()).isZero();
            String out = child.stdout();
            assertThat(out).as(child.describe()).contains("open=3").contains("after-close=1")
                    .contains("left=" + FileConnection.class.getName() + " owner=app").contains("still running");
            // webapp: opened by code the loader loaded; defined: of a class it defined; main: neither.
            assertThat(log.lines()).containsExactly("open main", "open webapp", "open defined",
                    log.lines().get(3), log.lines().get(4), "close main");
            assertThat(log.lines().subList(3, 5)).containsExactlyInAnyOrder("close webapp", "close defined");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .matches("odyssey-guard: released 2 Odyssey connections left open by .*URLClassLoader@\\p{XDigit}+ 'webapp'.*"
                            + " when URLClassLoader@\\p{XDigit}+ 'webapp' was closed \\(.*")
                    .contains("opened at io.odysseyguard.agent.it.fixtures.Plugin.start(Plugin.java:")
                    .contains("opened at " + LoaderCloseApp.class.getName() + ".main(LoaderCloseApp.java:");
        }
    }
}
