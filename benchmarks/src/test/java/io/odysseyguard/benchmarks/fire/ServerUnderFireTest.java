package io.odysseyguard.benchmarks.fire;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of the server-under-fire run, in CI: 1000 bad inputs and 100 sessions churned at the limit, plus
 * the slow clients and the final leak check, against a real server on loopback. A new seed every run (printed first);
 * {@code -Dfire.seed=N} replays one. The full run (10 000 + 1000) is run by hand: see benchmarks/README.md.
 */
class ServerUnderFireTest {

    private static final int INPUTS = 1000;
    private static final int SESSIONS = 100;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // every wait inside is bounded; this only stops a harness bug
    void aShortRunEndsWithEveryFailureCountAtZero() throws Exception {
        long seed = Long.getLong("fire.seed", new SecureRandom().nextLong());
        System.out.println("ServerUnderFireTest: replay with -Dfire.seed=" + seed);

        ServerUnderFire.Report report = ServerUnderFire.run(
                new FireOptions(seed, INPUTS, SESSIONS, 8, Duration.ofSeconds(10), false), System.out);

        assertThat(report.inputs()).isEqualTo(INPUTS);
        assertThat(report.sessionsChurned()).isGreaterThanOrEqualTo(SESSIONS);
        assertThat(report.logLines()).as("server log lines scanned for secrets").isPositive();
        for (FailureKind kind : FailureKind.values()) {
            assertThat(report.failures().count(kind))
                    .as("%s (%s) with seed %d; examples: %s", kind, kind.meaning(), seed, report.failures().examples(kind))
                    .isZero();
        }
    }
}
