package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.app.Greeting;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.changeagent.ClassChangeAgent;
import io.quarkus.dev.console.DevConsoleManager;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * A reload by instrumentation ({@code quarkus.live-reload.instrumentation=true}, a change to a method body only)
 * redefines the class in place and keeps the class loader: the generation lives on, and nothing is released. A change
 * that needs a restart afterwards still releases the discarded generation. Runs in the surefire execution
 * {@code instrumentation}, with Quarkus' class-change agent; the extension installs Odyssey Guard itself.
 */
class InstrumentationReloadTest {
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();
    static final DevModeSupport SUPPORT = DevModeSupport.start();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = SUPPORT.devMode("quarkus.live-reload.instrumentation=true");

    @Test
    void aReloadThatKeepsTheClassLoaderReleasesNothing() throws Exception {
        Probe.Generation first = SUPPORT.awaitGeneration(0);
        assertThat(first.failure()).isNull();
        assertThat(GuardAccess.agentActive()).isTrue();
        assertThat(ClassChangeAgent.getInstrumentation()).as("run with Quarkus' class-change agent").isNotNull();

        TEST.modifySourceFile(Greeting.class, s -> s.replace("\"hello-0\"", "\"hello-1\""));
        boolean restarted = DevConsoleManager.getHotReplacementContext().doScan(true);
        assertThat(restarted).as("reloaded by instrumentation, without a restart").isFalse();

        assertThat(Probe.generations()).as("no new generation").hasSize(1);
        assertThat(SUPPORT.openSessions()).extracting(s -> s.sessionId()).containsExactly(first.sessionId());
        assertThat(SUPPORT.usage().session(first.sessionId()).orElseThrow().state()).isEqualTo(SessionState.CONNECTED);
        assertThat(STDERR.lines("odyssey-guard: released")).as("nothing released").isEmpty();

        // A structural change still restarts, and the discarded generation is released.
        Probe.Generation second = SUPPORT.reload(TEST, 0);
        SUPPORT.assertOnlyNewGenerationOpen(first, second);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(STDERR.lines("odyssey-guard: released")).hasSize(1));
    }
}
