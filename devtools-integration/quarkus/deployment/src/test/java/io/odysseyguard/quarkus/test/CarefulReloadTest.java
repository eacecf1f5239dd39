package io.odysseyguard.quarkus.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.quarkus.test.probe.Probe;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The careful user in dev mode, with the dependency alone: the bean ends its stream and disconnects in its
 * {@code @PreDestroy}. On each of 3 live reloads, and when dev mode ends, that cleanup runs first and finds its client
 * connected; the guard, which releases only after the old application stopped, finds nothing left and prints nothing.
 */
@LocalOdysseyServerTest(concurrencyLimit = DevModeSupport.CONCURRENCY_LIMIT, urlProperty = Probe.API_URL_PROPERTY)
class CarefulReloadTest {
    static final int RELOADS = 3;
    static final DevModeSupport.StderrTap STDERR = DevModeSupport.StderrTap.install();
    private static LocalOdysseyServer server;

    /** Registered before dev mode, so it runs after dev mode has ended (and before the server stops). */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback AFTER_DEV_MODE = context -> theEndOfDevModeRanTheCleanupToo();

    @RegisterExtension
    @Order(2)
    static final QuarkusDevModeTest TEST = DevModeSupport.devMode("odyssey.test.careful=true");

    @Test
    void everyReloadRunsTheBeansOwnCleanupAndTheGuardReleasesNothing(LocalOdysseyServer server) {
        CarefulReloadTest.server = server;
        DevModeSupport support = new DevModeSupport(server);
        support.guardedReloads(TEST, RELOADS);
        assertThat(Probe.cleanups()).as("each discarded generation's @PreDestroy")
                .extracting(Probe.Cleanup::name).containsExactly("gen-0", "gen-1", "gen-2");
        assertThat(Probe.cleanups()).allSatisfy(c -> assertThat(c.failure()).as(c.name()).isNull());
        assertThat(STDERR.lines("odyssey-guard: released")).isEmpty();
    }

    private static void theEndOfDevModeRanTheCleanupToo() {
        assertThat(server).as("the test ran").isNotNull();
        assertThat(Probe.cleanups()).extracting(Probe.Cleanup::name).containsExactly("gen-0", "gen-1", "gen-2", "gen-3");
        assertThat(Probe.cleanups()).allSatisfy(c -> assertThat(c.failure()).as(c.name()).isNull());
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(server.usage().concurrentSessions()).isZero();
            assertThat(server.usage().sessions()).hasSize(RELOADS + 1).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(SessionState.CLOSED);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
            });
        });
        assertThat(STDERR.lines("odyssey-guard: released")).as("nothing released by the guard").isEmpty();
    }
}
