package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
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
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class InstrumentationReloadTest {
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();

    @RegisterExtension
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("quarkus.live-reload.instrumentation=true");

    @Test
    void aReloadThatKeepsTheClassLoaderReleasesNothing(LocalOdysseyServer server) throws Exception {
        DevModeSupport support = new DevModeSupport(server);
        Probe.Generation first = support.awaitGeneration(0);
        assertThat(first.failure()).isNull();
        assertThat(GuardAccess.agentActive()).isTrue();
        assertThat(ClassChangeAgent.getInstrumentation()).as("run with Quarkus' class-change agent").isNotNull();

        TEST.modifySourceFile(Greeting.class, s -> s.replace("\"hello-0\"", "\"hello-1\""));
        boolean restarted = DevConsoleManager.getHotReplacementContext().doScan(true);
        assertThat(restarted).as("reloaded by instrumentation, without a restart").isFalse();

        assertThat(Probe.generations()).as("no new generation").hasSize(1);
        assertThat(support.openSessions()).extracting(s -> s.sessionId()).containsExactly(first.sessionId());
        assertThat(support.usage().session(first.sessionId()).orElseThrow().state()).isEqualTo(SessionState.CONNECTED);
        assertThat(STDERR.lines("odyssey-guard: released")).as("nothing released").isEmpty();

        // A structural change still restarts, and the discarded generation is released.
        Probe.Generation second = support.reload(TEST, 0);
        support.assertOnlyNewGenerationOpen(first, second);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(STDERR.lines("odyssey-guard: released")).hasSize(1));
    }
}
