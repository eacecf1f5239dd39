package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.ClosingApp;
import io.odysseyguard.agent.it.fixtures.FileConnection;
import io.odysseyguard.agent.it.fixtures.SlowConnection;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A close already under way is the application's: a trigger that fires while the application closes a connection
 * itself waits for that close, does not close the connection a second time, and does not report it as left open.
 * Only what the application really left open is released and reported.
 */
class CloseUnderWayIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    private static final String TARGETS = "targets=" + FileConnection.TARGET + ";" + SlowConnection.TARGET;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exit", "api"})
    void aTriggerWaitsForTheApplicationsOwnCloseAndReleasesOnlyWhatWasLeftOpen(String trigger) throws Exception {
        ConnectionLog log = new ConnectionLog();
        try (ChildJvm child = TestJvms.guardedWith(TARGETS + ",debug=true", ClosingApp.class.getName(), log.toString(),
                trigger).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(log.lines()).as("closed once, by the application, and the leaked one by the guard")
                    .containsExactlyInAnyOrder("open slow-0", "open plain-0", "close-start slow-0", "close slow-0",
                            "close plain-0");
            String phrase = trigger.equals("exit") ? "at JVM exit" : "on OdysseyGuard.releaseAll()";
            assertThat(child.guardLines()).as(child.describe()).filteredOn(l -> l.contains(" released ")).singleElement()
                    .asString().startsWith("odyssey-guard: released 1 Odyssey connection left open by app " + phrase
                            + " (opened at " + ClosingApp.class.getName() + ".main(ClosingApp.java:")
                    .doesNotContain(SlowConnection.class.getName());
            assertThat(child.guardLines()).as(child.describe())
                    .contains("odyssey-guard: debug: the application closed 1 connection itself while the guard was about"
                            + " to release it " + phrase + "; the guard waited for that close and left it alone");
            if (trigger.equals("api")) {
                assertThat(child.stdout()).contains("api released 1");
            }
        }
    }
}
