package io.odysseyguard.spring.it;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.spring.it.DevToolsApp.Guard;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard never makes DevTools miss a change: a class file changed half a second after each of 8 restarts (once the
 * new generation is ready) is noticed, and DevTools begins the next restart (the old context closes), without the
 * file being touched again, while the guard releases each discarded generation. A missed change would be caught only
 * when something changes again: there is no retouch here, so a miss waits out {@link #MISSED} and fails; slowness is
 * not judged here. How long each notice took is printed (DevTools polls every second after a 0.4 s quiet period); the
 * figures are in benchmarks/README.md. The dependency way runs on every Spring Boot line of the build, the flag on
 * this build's line.
 */
@LocalOdysseyServerTest(concurrencyLimit = 5)
class ChangeNoticedIT {
    private static final Duration GENERATION_TIMEOUT = Duration.ofSeconds(120);
    /** Far above DevTools' own 1 s poll and 0.4 s quiet period; far below "caught on the next touch". */
    private static final Duration MISSED = Duration.ofSeconds(15);
    private static final int RESTARTS = 8;

    private final String apiKey = "ody_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @Test
    void withTheDependencyAChangeHalfASecondAfterEachRestartIsNoticed(LocalOdysseyServer server) throws Exception {
        changesAreNoticed(Guard.DEPENDENCY, server);
    }

    @Test
    void withTheFlagAChangeHalfASecondAfterEachRestartIsNoticed(LocalOdysseyServer server) throws Exception {
        changesAreNoticed(Guard.FLAG, server);
    }

    private void changesAreNoticed(Guard guard, LocalOdysseyServer server) throws Exception {
        try (DevToolsApp app = DevToolsApp.start(guard, server.baseUrl(), apiKey)) {
            app.restart(0, GENERATION_TIMEOUT, () -> { });
            List<Long> noticedMillis = new ArrayList<>();
            for (int g = 1; g <= RESTARTS; g++) {
                int generation = g;
                app.await("generation " + g + " ready", GENERATION_TIMEOUT, () -> app.isReady(generation), () -> { });
                Thread.sleep(500);
                long touched = System.nanoTime();
                app.touchClassFile();
                app.await("DevTools to notice the change made 0.5 s after generation " + g + " was ready", MISSED,
                        () -> app.stdout().contains("generation " + generation + " closing"), () -> { });
                noticedMillis.add((System.nanoTime() - touched) / 1_000_000);
            }
            app.await("generation " + (RESTARTS + 1) + " ready", GENERATION_TIMEOUT, () -> app.isReady(RESTARTS + 1),
                    () -> { });
            System.out.println("ChangeNoticedIT: " + guard + ", Spring Boot " + app.springBootVersion()
                    + ": each change noticed after (ms) " + noticedMillis);
            assertThat(app.guardLines()).as(app.describe()).filteredOn(l -> l.contains(" on DevTools restart "))
                    .hasSize(RESTARTS);
            if (guard == Guard.DEPENDENCY) {
                assertThat(app.guardLines()).as(app.describe()).anyMatch(l -> l.contains("agent installed for DevTools"));
            }
        }
    }
}
