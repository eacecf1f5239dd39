package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.ExitApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.agent.it.fixtures.HangingConnection;
import io.odysseyguard.agent.it.fixtures.ThrowingConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** JVM exit releases what is still open, with hand-written connections whose closes the test can see. */
class ExitReleaseIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final String TARGETS = "targets=" + FileConnection.TARGET + ";" + HangingConnection.TARGET + ";"
            + ThrowingConnection.TARGET;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"return", "exit"})
    void normalExitAndSystemExitReleaseEverything(String mode) throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith(TARGETS, ExitApp.class.getName(),
                log.toString(), "3", "0", "0", mode).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open plain-0", "open plain-1", "open plain-2",
                    "close plain-0", "close plain-1", "close plain-2");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 3 Odyssey connections left open by app at JVM exit (opened at "
                            + ExitApp.class.getName() + ".main(ExitApp.java:");
        }
    }

    @ParameterizedTest(name = "kill -{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void signalsReleaseEverything(String signal) throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith(TARGETS, ExitApp.class.getName(),
                log.toString(), "3", "0", "0", "wait").start()) {
            child.awaitLine("ready", EXIT);
            child.signal(ChildJvm.Signal.valueOf(signal));
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isNotZero();
            assertThat(log.lines()).contains("close plain-0", "close plain-1", "close plain-2");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 3 Odyssey connections left open by app at JVM exit");
        }
    }

    @Test
    void withoutTheAgentNothingIsReleased() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.unguarded(ExitApp.class.getName(), log.toString(), "3", "0", "0", "return").start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(log.lines()).containsExactlyInAnyOrder("open plain-0", "open plain-1", "open plain-2");
        }
    }

    @Test
    void aHangingCloseDoesNotHoldUpExitBeyondTheBudgetAndTheOthersAreReleased() throws Exception {
        ConnectionLog log = new ConnectionLog();
        // The release timeout alone would allow 60s; the exit budget of 4s bounds the exit path.
        try (ChildJvm child = TestJvms.guardedWith(TARGETS + ",release-timeout=60s,exit-budget=4s", ExitApp.class.getName(),
                log.toString(), "2", "1", "1", "return").start()) {
            child.awaitLine("ready", EXIT);
            long readyAt = System.nanoTime();
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            Duration exitTook = Duration.ofNanos(System.nanoTime() - readyAt);
            assertThat(exitTook).as("exit within the budget plus generous slack").isLessThan(Duration.ofSeconds(4 + 10));
            assertThat(log.lines()).contains("close-start hang-0", "close plain-0", "close plain-1");
            String line = child.guardLines().stream().filter(l -> l.contains("released")).findFirst().orElseThrow();
            assertThat(line).as(child.describe())
                    .startsWith("odyssey-guard: released 2 of 4 Odyssey connections left open by app at JVM exit")
                    .contains("not released: ")
                    .contains(HangingConnection.class.getName() + " opened at ")
                    .contains("close did not return within 4000 ms")
                    .contains(ThrowingConnection.class.getName() + " opened at ")
                    .contains("close threw java.lang.IllegalStateException");
            assertThat(child.stderr() + child.stdout()).doesNotContain(ThrowingConnection.SECRET);
        }
    }

    @Test
    void theReleaseTimeoutBoundsEachClose() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith(TARGETS + ",release-timeout=3s", ExitApp.class.getName(),
                log.toString(), "1", "1", "0", "exit").start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(log.lines()).contains("close-start hang-0", "close plain-0");
            assertThat(child.guardLines()).as(child.describe()).singleElement().asString()
                    .startsWith("odyssey-guard: released 1 of 2 Odyssey connections")
                    .contains("close did not return within 3000 ms");
        }
    }

    @Test
    void quietSuppressesTheReport() throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith(TARGETS + ",quiet=true", ExitApp.class.getName(),
                log.toString(), "1", "0", "0", "return").start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(log.lines()).contains("close plain-0");
            assertThat(child.guardLines()).isEmpty();
        }
    }
}
