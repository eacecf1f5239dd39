package io.odysseyguard.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.odysseyguard.agent.SelfAttach;
import io.odysseyguard.junit.examples.ClosesInAfterAll;
import io.odysseyguard.junit.examples.Examples;
import io.odysseyguard.junit.examples.LeaksInATest;
import io.odysseyguard.junit.examples.LeaksInBeforeAll;
import io.odysseyguard.junit.examples.NotAnnotated;
import io.odysseyguard.junit.examples.ReleaseMode;
import io.odysseyguard.junit.examples.SpringExamples;
import io.odysseyguard.junit.examples.TestKitOnly;
import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.Usage;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The leak check itself: small example test classes ({@code examples/}) run by the JUnit Platform's test kit, in this
 * JVM, with the real client against the local server. This JVM has no {@code -javaagent}: the check attaches the agent
 * itself, the first time it runs.
 */
@LocalOdysseyServerTest
class OdysseyLeakCheckExtensionTest {
    private static LocalOdysseyServer server;

    @BeforeAll
    static void server(LocalOdysseyServer s) {
        server = s;
        System.setProperty(Examples.URL_PROPERTY, s.baseUrl());
    }

    @AfterEach
    void cleanUp() {
        Examples.cleanUp();
    }

    private static EngineExecutionResults run(Class<?>... classes) {
        return run(Map.of(), classes);
    }

    private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(TestKitOnly.PARAMETER, "true")
                .configurationParameters(parameters);
        for (Class<?> c : classes) {
            kit = kit.selectors(selectClass(c));
        }
        return kit.execute();
    }

    @Test
    void attachesTheAgentItselfWhenItIsNotOnTheCommandLine() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).noneMatch(a -> a.startsWith("-javaagent"));

        run(ClosesInAfterAll.class).allEvents().assertStatistics(s -> s.failed(0));

        assertThat(SelfAttach.isInstalled()).isTrue();
        assertThat(io.odysseyguard.guard.OdysseyGuard.isAgentActive()).isTrue();
    }

    @Test
    void failsTheTestThatLeavesAConnectionOpenNamingWhereItWasOpened() {
        EngineExecutionResults results = run(LeaksInATest.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("disconnects"), finishedSuccessfully()))
                .haveExactly(1, event(test("leaks"), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.startsWith("test LeaksInATest.leaks() left 1 Odyssey connection open"
                                + " (the leak check released it):\n  io.odysseyguard.client.OdysseyClient (owner app)"
                                + " opened at io.odysseyguard.junit.examples.LeaksInATest.leaks(LeaksInATest.java:")))));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        awaitOpenSessions(0); // released after the failure
    }

    @Test
    void aCleanClassPasses() {
        EngineExecutionResults results = run(ClosesInAfterAll.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        awaitOpenSessions(0);
    }

    @Test
    void failsTheClassWhoseBeforeAllLeavesAConnectionOpen() {
        EngineExecutionResults results = run(LeaksInBeforeAll.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(LeaksInBeforeAll.class), finishedWithFailure(
                        instanceOf(AssertionError.class),
                        message(m -> m.startsWith("test class LeaksInBeforeAll (its @BeforeAll/@AfterAll methods,"
                                + " constructor or class-level extensions) left 1 Odyssey connection open")
                                && m.contains(" opened at io.odysseyguard.junit.examples.LeaksInBeforeAll.openShared("
                                + "LeaksInBeforeAll.java:")
                                && m.contains("Disconnect it in an @AfterAll method")))));
        awaitOpenSessions(0);
    }

    @Test
    void releaseModeReleasesAndReportsInsteadOfFailing() {
        EngineExecutionResults results = run(ReleaseMode.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        results.containerEvents().assertStatistics(s -> s.failed(0));
        List<String> reported = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("odyssey-guard"))
                .collect(Collectors.toList());
        assertThat(reported).singleElement().asString()
                .startsWith("test ReleaseMode.leaks() left 1 Odyssey connection open (the leak check released it)")
                .contains("opened at io.odysseyguard.junit.examples.ReleaseMode.leaks(ReleaseMode.java:");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Usage.SessionInfo session = server.usage().session(ReleaseMode.sessionId).orElseThrow();
            assertThat(session.state()).isEqualTo(SessionState.CLOSED);
            assertThat(session.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        });
    }

    @Test
    void autoDetectionRegistersItForClassesWithoutTheAnnotationAndOnlyOnce() {
        EngineExecutionResults without = run(NotAnnotated.class);
        without.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        Examples.cleanUp();

        EngineExecutionResults with = run(Map.of("junit.jupiter.extensions.autodetection.enabled", "true"),
                NotAnnotated.class, LeaksInATest.class);
        with.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        with.testEvents().failed().stream().map(OdysseyLeakCheckExtensionTest::failureMessage)
                .forEach(m -> assertThat(m).containsOnlyOnce("left 1 Odyssey connection open"));

        EngineExecutionResults released = run(Map.of("junit.jupiter.extensions.autodetection.enabled", "true",
                OdysseyLeakCheckExtension.MODE_PARAMETER, "release"), NotAnnotated.class);
        released.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        awaitOpenSessions(0);
    }

    @Test
    void connectionsOfACachedSpringContextAreLeftToTheContext() {
        EngineExecutionResults results = run(SpringExamples.FirstClass.class, SpringExamples.SecondClass.class);

        results.containerEvents().assertStatistics(s -> s.failed(0));
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("leaksOneOfItsOwn"),
                finishedWithFailure(message(m -> m.contains("SpringExamples$SecondClass.leaksOneOfItsOwn(")))));
        awaitOpenSessions(1); // the context's bean's, until the context closes
    }

    private static String failureMessage(Event e) {
        return e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow().getMessage();
    }

    private static void awaitOpenSessions(long expected) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                server.usage().sessions().stream().filter(s -> s.state().isOpen()).count()).isEqualTo(expected));
    }
}
