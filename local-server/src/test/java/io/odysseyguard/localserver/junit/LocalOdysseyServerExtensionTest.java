package io.odysseyguard.localserver.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension as users meet it: fixture classes run by the real JUnit engine (EngineTestKit); each records the
 * servers it was given, and the test checks which they were, how they were configured and that they were stopped.
 */
class LocalOdysseyServerExtensionTest {

    /** The servers the fixtures saw, in order. */
    static final List<Seen> SEEN = new ArrayList<>();

    /** Where a fixture was given {@code server}, and the port it listened on then. */
    record Seen(String where, LocalOdysseyServer server, int port) {
        Seen(String where, LocalOdysseyServer server) {
            this(where, server, server.port());
        }
    }

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    @Test
    void eachTestGetsItsOwnServerConfiguredByTheClassAnnotationAndStoppedAfterIt() {
        run(PerTest.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(SEEN).extracting(Seen::where).containsExactly("beforeEach", "test", "afterEach", "beforeEach", "test", "afterEach");
        // one server per test, shared by its @BeforeEach, the test and its @AfterEach
        assertThat(SEEN.get(0).server()).isSameAs(SEEN.get(1).server()).isSameAs(SEEN.get(2).server());
        assertThat(SEEN.get(3).server()).isSameAs(SEEN.get(4).server()).isNotSameAs(SEEN.get(0).server());
        for (Seen seen : SEEN) {
            assertThat(seen.server().config().concurrencyLimit()).isEqualTo(2);
            assertThat(seen.server().config().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(seen.server().config().apiKeys()).containsExactly("ody_only_this_key");
            assertThat(seen.server().config().idleTimeout()).isEqualTo(ServerConfig.defaults().idleTimeout());
            assertThat(listening(seen.port())).as("stopped after its test").isFalse();
        }
    }

    @Test
    void aServerAskedForInBeforeAllIsSharedByTheClassUnlessAMethodHasItsOwnAnnotation() {
        run(PerClass.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));

        assertThat(SEEN).extracting(Seen::where).containsExactly("beforeAll", "first", "own", "second");
        LocalOdysseyServer shared = SEEN.get(0).server();
        assertThat(SEEN.get(1).server()).isSameAs(shared);
        assertThat(SEEN.get(3).server()).isSameAs(shared);
        assertThat(shared.config().concurrencyLimit()).isEqualTo(ServerConfig.DEFAULT_CONCURRENCY_LIMIT);
        LocalOdysseyServer own = SEEN.get(2).server();
        assertThat(own).isNotSameAs(shared);
        assertThat(own.config().streamers()).isEqualTo(1);
        assertThat(listening(SEEN.get(0).port())).isFalse();
        assertThat(listening(SEEN.get(2).port())).isFalse();
    }

    @Test
    void aMethodsOwnAnnotationConfiguresTheServerItsBeforeEachGetsToo() {
        run(OwnMethod.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN).extracting(Seen::where).containsExactly("beforeEach", "test", "afterEach");
        assertThat(SEEN.get(0).server()).isSameAs(SEEN.get(1).server()).isSameAs(SEEN.get(2).server());
        assertThat(SEEN.get(1).server().config().concurrencyLimit()).isEqualTo(1);
        assertThat(listening(SEEN.get(1).port())).isFalse();
    }

    @Test
    void anAnnotatedParameterGetsAServerOfItsOwnBesideTheSharedOne() {
        run(OwnParameter.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN).extracting(Seen::where).containsExactly("beforeEach", "shared", "own");
        LocalOdysseyServer shared = SEEN.get(0).server();
        assertThat(SEEN.get(1).server()).isSameAs(shared);
        assertThat(shared.config().concurrencyLimit()).isEqualTo(2);
        LocalOdysseyServer own = SEEN.get(2).server();
        assertThat(own).isNotSameAs(shared);
        assertThat(own.config().apiKeys()).containsExactly("ody_only_this_key");
        assertThat(own.config().concurrencyLimit()).as("not the class annotation's").isEqualTo(ServerConfig.DEFAULT_CONCURRENCY_LIMIT);
        assertThat(listening(SEEN.get(0).port())).isFalse();
        assertThat(listening(SEEN.get(2).port())).isFalse();
    }

    @Test
    void anAnnotatedParameterAloneRegistersTheExtension() {
        assertThat(theOneServerOf(OnlyParameter.class).config().streamers()).isEqualTo(1);
    }

    @Test
    void aProgrammaticRegistrationConfiguresTheServer() {
        assertThat(theOneServerOf(Programmatic.class).config().simulationQueueLimit()).isEqualTo(1);
    }

    @Test
    void aUrlPropertyStartsTheClassServerBeforeAllAndPublishesItsUrlUntilAfterAll() {
        run(WithUrlProperty.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(SEEN).extracting(Seen::where).containsExactly("url", "test", "test");
        assertThat(SEEN.get(1).server()).isSameAs(SEEN.get(2).server());
        assertThat(SEEN.get(0).port()).as("the published URL's port").isEqualTo(SEEN.get(1).port());
        assertThat(System.getProperty(WithUrlProperty.PROPERTY)).as("cleared after all").isNull();
        assertThat(listening(SEEN.get(1).port())).isFalse();
    }

    @Test
    void aBadDurationFailsTheTestWithTheReason() {
        Events failed = run(BadDuration.class).testEvents().failed();

        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.stream().findFirst().orElseThrow().getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow())
                .hasStackTraceContaining("'soon' is not a duration");
    }

    /** Runs a fixture whose one test asks for one server; returns that server, checked stopped after the test. */
    private static LocalOdysseyServer theOneServerOf(Class<?> fixture) {
        run(fixture).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN).hasSize(1);
        assertThat(listening(SEEN.get(0).port())).isFalse();
        return SEEN.get(0).server();
    }

    private static org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Records the server each test's {@code @BeforeEach} and {@code @AfterEach} are given. */
    abstract static class RecordsBeforeAndAfterEach {
        @BeforeEach
        void before(LocalOdysseyServer server) {
            SEEN.add(new Seen("beforeEach", server));
        }

        @AfterEach
        void after(LocalOdysseyServer server) {
            SEEN.add(new Seen("afterEach", server));
        }
    }

    @LocalOdysseyServerTest(concurrencyLimit = 2, heartbeatTimeout = "3s", apiKeys = "ody_only_this_key")
    static class PerTest extends RecordsBeforeAndAfterEach {
        @Test
        void one(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
            assertThat(listening(server.port())).isTrue();
        }

        @Test
        void two(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
            assertThat(listening(server.port())).isTrue();
        }
    }

    @LocalOdysseyServerTest
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        @BeforeAll
        static void beforeAll(LocalOdysseyServer server) {
            SEEN.add(new Seen("beforeAll", server));
        }

        @Test
        @org.junit.jupiter.api.Order(1)
        void first(LocalOdysseyServer server) {
            SEEN.add(new Seen("first", server));
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        @LocalOdysseyServerTest(streamers = 1)
        void own(LocalOdysseyServer server) {
            SEEN.add(new Seen("own", server));
        }

        @Test
        @org.junit.jupiter.api.Order(3)
        void second(LocalOdysseyServer server) {
            SEEN.add(new Seen("second", server));
            assertThat(listening(server.port())).isTrue();
        }
    }

    @LocalOdysseyServerTest(concurrencyLimit = 2)
    static class OwnMethod extends RecordsBeforeAndAfterEach {
        @Test
        @LocalOdysseyServerTest(concurrencyLimit = 1)
        void test(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
        }
    }

    @LocalOdysseyServerTest(concurrencyLimit = 2)
    static class OwnParameter {
        @BeforeEach
        void before(LocalOdysseyServer server) {
            SEEN.add(new Seen("beforeEach", server));
        }

        @Test
        void test(LocalOdysseyServer shared, @LocalOdysseyServerTest(apiKeys = "ody_only_this_key") LocalOdysseyServer own) {
            SEEN.add(new Seen("shared", shared));
            SEEN.add(new Seen("own", own));
            assertThat(listening(shared.port())).isTrue();
            assertThat(listening(own.port())).isTrue();
        }
    }

    static class OnlyParameter {
        @Test
        void test(@LocalOdysseyServerTest(streamers = 1) LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
        }
    }

    static class Programmatic {
        @RegisterExtension
        static LocalOdysseyServerExtension servers = new LocalOdysseyServerExtension(
                ServerConfig.defaults().with(c -> c.simulationQueueLimit = 1));

        @Test
        void test(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
        }
    }

    @LocalOdysseyServerTest(urlProperty = WithUrlProperty.PROPERTY)
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class WithUrlProperty {
        static final String PROPERTY = "odyssey.test.extension-url";

        /** Stands for an application-under-test's extension, which reads the property in its own beforeAll. */
        @RegisterExtension
        static final org.junit.jupiter.api.extension.BeforeAllCallback APP = context -> SEEN.add(
                new Seen("url", null, java.net.URI.create(System.getProperty(PROPERTY)).getPort()));

        @Test
        @org.junit.jupiter.api.Order(1)
        void first(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
            assertThat(System.getProperty(PROPERTY)).isEqualTo(server.baseUrl());
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void second(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
        }
    }

    @LocalOdysseyServerTest(idleTimeout = "soon")
    static class BadDuration {
        @Test
        void test(LocalOdysseyServer server) {
            SEEN.add(new Seen("test", server));
        }
    }
}
