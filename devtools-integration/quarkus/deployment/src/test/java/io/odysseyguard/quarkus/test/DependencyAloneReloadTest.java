package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.quarkus.runtime.GuardAccess;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The dependency alone: no {@code -javaagent}, the extension on the class path, only a release timeout configured. In dev mode it
 * installs the agent itself; each live reload releases the discarded generation's session after the old application
 * stopped and before the new one starts;
 * after 20 reloads the discarded generations are collectable.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class DependencyAloneReloadTest {
    static final int RELOADS = Integer.getInteger("odyssey.test.reloads", 20);
    /** The bean's own line, and nothing of Arc's generated bean class or Quarkus' start-up that called it. */
    static final String SITE = " \\(opened at io\\.odysseyguard\\.quarkus\\.test\\.app\\.VideoService\\.start"
            + "\\(VideoService\\.java:\\d+\\)\\)";
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();

    private static LocalOdysseyServer server;

    /** Registered before dev mode, so it runs after dev mode has ended (and before the server stops). */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback AFTER_DEV_MODE = context -> leavingDevModeReleasedTheLastGeneration();

    @RegisterExtension
    @Order(2)
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("quarkus.odyssey-guard.release-timeout=3s");

    @Test
    void everyReloadReleasesTheDiscardedGenerationOnceAndNoGenerationIsPinned(LocalOdysseyServer server) {
        DependencyAloneReloadTest.server = server;
        DevModeSupport support = new DevModeSupport(server);
        assertThat(DevModeSupport.agentFlagGiven()).as("no -javaagent flag in this JVM").isFalse();
        List<Probe.Generation> discarded = support.guardedReloads(TEST, RELOADS);
        assertThat(GuardAccess.agentActive()).as("the extension installed the agent").isTrue();
        assertThat(STDERR.lines("odyssey-guard: warning")).as("the agent took the extension's options").isEmpty();

        // One report per reload, each from the close of the discarded generation's class loader (after the old
        // application stopped), named by the extension: nothing was released twice.
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS)
                .allSatisfy(line -> assertThat(line).matches("odyssey-guard: released 1 Odyssey connection left open by"
                        + " QuarkusClassLoader@\\p{XDigit}+ '[^']*restart no:\\d+' on Quarkus live reload" + SITE)
                        .doesNotContain("OdysseyGuard.release("));

        // The leak check. The first generation is left out: Quarkus dev mode itself keeps the first runtime class
        // loader reachable, with no extension, agent or connection involved (see the README).
        assertThat(DevModeSupport.uncollected(discarded.subList(1, discarded.size())))
                .as("discarded generations still reachable").isEmpty();
    }

    private static void leavingDevModeReleasedTheLastGeneration() {
        assertThat(server).as("the test ran").isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(server.usage().concurrentSessions()).isZero();
            assertThat(server.usage().sessions()).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            });
        });
        assertThat(STDERR.lines("odyssey-guard: released")).hasSize(RELOADS + 1);
        assertThat(STDERR.lines("when leaving Quarkus dev mode")).singleElement().asString()
                .matches("odyssey-guard: released 1 Odyssey connection left open by QuarkusClassLoader@\\p{XDigit}+"
                        + " '[^']*restart no:" + RELOADS + "' when leaving Quarkus dev mode" + SITE);
    }
}
