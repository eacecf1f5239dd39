package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.OneCopyApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One copy of the guard's classes by construction: the agent jar holds its bootstrap part as class data, so an
 * application's class loader asking for one of those classes, by delegation, child-first or with no parent but the
 * bootstrap loader, gets the agent's copy or nothing, never a second one; and a second copy of the stateless public
 * API, defined by a child-first loader from the same jar, lists and releases the connections of the one registry.
 */
class OneCopyIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void anApplicationLoaderNeverGetsASecondCopyOfTheBootstrapPart() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith("targets=" + FileConnection.TARGET, OneCopyApp.class.getName(),
                log.toString(), TestJvms.AGENT_JAR.toAbsolutePath().toString()).classPath(TestJvms.withAgentJar()).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("io.odysseyguard.guard.tracked.Tracker system=bootstrap child-first=bootstrap"
                            + " isolated=bootstrap resource=false")
                    .contains("io.odysseyguard.guard.api.ApiCalls system=bootstrap child-first=bootstrap"
                            + " isolated=bootstrap resource=false")
                    .contains("io.odysseyguard.guard.output.Reporter system=bootstrap child-first=bootstrap"
                            + " isolated=bootstrap resource=false")
                    .contains("api-copy-loader=child-first system-api-loader=bootstrap")
                    .contains("copy-active=true copy-open=1")
                    .contains("copy-released=1")
                    .contains("left=0");
            assertThat(log.lines()).containsExactly("open main", "close main");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 1 Odyssey connection left open by app from a second copy of"
                            + " the API (opened at " + OneCopyApp.class.getName() + ".main(OneCopyApp.java:");
        }
    }

    @Test
    void withoutTheAgentNoLoaderFindsTheBootstrapPartAndTheApiIsAnEmptyRegistry() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.unguarded(OneCopyApp.class.getName(), log.toString(),
                TestJvms.AGENT_JAR.toAbsolutePath().toString()).classPath(TestJvms.withAgentJar()).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("io.odysseyguard.guard.tracked.Tracker system=none child-first=none isolated=none"
                            + " resource=false")
                    .contains("api-copy-loader=child-first system-api-loader=app")
                    .contains("copy-active=false copy-open=0")
                    .contains("copy-released=0")
                    .contains("left=0");
            assertThat(child.guardLines()).as(child.describe()).isEmpty();
            assertThat(child.stderr()).as(child.describe()).isEmpty();
        }
    }
}
