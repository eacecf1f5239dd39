package io.odysseyguard.benchmarks.torture;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The torture run's short version, in {@code mvn verify}: about 36 randomized lifecycles of real guarded child JVMs
 * against the local server, every trigger, every fault and every way a careful generation cleans up after itself drawn
 * at least once, a fresh seed each run (printed; set
 * {@code -Dtorture.seed=N} to repeat a run, {@code -Dtorture.cycles=N} for more). Fails on any failure count (the
 * run's own summary, printed, says which and where the child's output is).
 * {@code -Dtorture.without=FAULT,...} leaves faults out.
 */
class TortureRunIT {
    @Test
    void everyLifecycleEndsWithNothingOrphanedNothingThrownNothingLate() throws Exception {
        String seed = System.getProperty("torture.seed", Long.toString(new java.security.SecureRandom().nextLong()));
        String cycles = System.getProperty("torture.cycles", "36");
        String without = System.getProperty("torture.without", "");
        Path agent = Path.of(System.getProperty("odyssey.guard.agent.jar", "../agent/target/odyssey-guard-agent.jar"));
        Path out = Files.createTempDirectory(Path.of("/tmp"), "ogt-it-");
        System.out.println("TortureRunIT: seed " + seed + " (repeat with -Dtorture.seed=" + seed + ")");

        TortureOptions options = TortureOptions.parse("--seed", seed, "--cycles", cycles, "--agent", agent.toString(),
                "--cover-all", "true", "--without", without, "--out", out.toString());
        Tally tally = TortureRun.run(options);

        Set<Fault> drawn = EnumSet.allOf(Fault.class);
        drawn.removeIf(f -> !options.faults().contains(f));
        assertThat(tally.triggers().keySet()).as("triggers drawn (seed %s)", seed).containsAll(EnumSet.allOf(Trigger.class));
        assertThat(tally.faults().keySet()).as("faults drawn (seed %s)", seed).containsAll(drawn);
        assertThat(tally.cleanups().keySet()).as("careful generations' cleanups drawn (seed %s)", seed)
                .containsAll(EnumSet.allOf(Cleanup.class));
        assertThat(tally.details()).as("failures (seed %s, output in %s)", seed, out).isEmpty();
        assertThat(tally.failureCount()).isZero();
    }
}
