package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.SelfAttachApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.testsupport.ChildJvm;
import io.odysseyguard.testsupport.ChildJvmBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code SelfAttach}: a JVM started without the agent installs it into itself (from a helper JVM by default, in
 * process with {@code -Djdk.attach.allowAttachSelf=true}); the API then lives in the bootstrap loader and its
 * triggers name what the caller says.
 */
class SelfAttachIT {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void installsTheAgentIntoItsOwnJvmAndTheApiNamesTheTrigger(boolean allowAttachSelf) throws Exception {
        ConnectionLog log = new ConnectionLog();
        ChildJvmBuilder builder = TestJvms.unguarded(SelfAttachApp.class.getName(), log.toString(),
                TestJvms.TEST_CLASSES.toAbsolutePath().toString(), "targets=" + FileConnection.TARGET)
                .classPath(TestJvms.withAgentJar());
        if (allowAttachSelf) {
            builder.jvmOptions("-Djdk.attach.allowAttachSelf=true");
        }
        try (ChildJvm child = builder.start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(90))).as(child.describe()).isZero();
            assertThat(child.stdout()).as(child.describe())
                    .contains("before=false")
                    .containsPattern("first=ATTACHED installed=true jar=.*odyssey-guard-agent.*\\.jar")
                    .contains("second=ALREADY_INSTALLED").contains("ensured=true")
                    .contains("api-loader=null active=true")
                    .contains("released-with-trigger=1").contains("released-without=1")
                    .contains("released-all-with-trigger=2").contains("released-all-without=1").contains("left=0");
            assertThat(log.lines()).containsExactly("open webapp-1", "close webapp-1", "open webapp-2", "close webapp-2",
                    log.lines().get(4), log.lines().get(5), log.lines().get(6), log.lines().get(7),
                    "open main-2", "close main-2");
            assertThat(log.lines().subList(4, 8)).containsExactlyInAnyOrder("open main-0", "open main-1",
                    "close main-0", "close main-1");
            List<String> lines = new ArrayList<>(child.guardLines());
            assertThat(lines).as(child.describe()).hasSize(5);
            // one line for the attach, as for jcmd: the JVM loaded an agent, and this names it (JDK 21+ warn of it too)
            assertThat(lines.remove(0)).isEqualTo("odyssey-guard: attached, guarding"
                    + " io.odysseyguard.client.OdysseyClient, io.odysseyguard.agent.it.fixtures.FileConnection");
            assertThat(lines.get(0)).matches("odyssey-guard: released 1 Odyssey connection left open by"
                    + " URLClassLoader@\\p{XDigit}+ 'webapp' before the test's redeploy \\(opened at"
                    + " io\\.odysseyguard\\.agent\\.it\\.fixtures\\.Plugin\\.start\\(Plugin\\.java:\\d+\\).*");
            assertThat(lines.get(1)).matches("odyssey-guard: released 1 Odyssey connection left open by"
                    + " URLClassLoader@\\p{XDigit}+ 'webapp' on OdysseyGuard\\.release\\(URLClassLoader@\\p{XDigit}+ 'webapp'\\)"
                    + " \\(opened at .*");
            assertThat(lines.get(2)).startsWith("odyssey-guard: released 2 Odyssey connections left open by app"
                    + " when the test ends (opened at " + SelfAttachApp.class.getName() + ".main(SelfAttachApp.java:");
            assertThat(lines.get(3)).startsWith("odyssey-guard: released 1 Odyssey connection left open by app"
                    + " on OdysseyGuard.releaseAll() (opened at " + SelfAttachApp.class.getName() + ".main(");
        }
    }
}
