package io.odysseyguard.localserver.junit;

import io.odysseyguard.localserver.ServerConfig;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test a running local Odyssey server: declare a parameter of type
 * {@link io.odysseyguard.localserver.LocalOdysseyServer} in a test, {@code @BeforeEach}, {@code @AfterEach},
 * {@code @BeforeAll} or {@code @AfterAll} method and it is started for you, configured by this annotation, and
 * stopped when its scope ends.
 *
 * <pre>{@code
 * @LocalOdysseyServerTest(concurrencyLimit = 1)
 * class VideoServiceTest {
 *     @Test
 *     void secondConnectionIsRefused(LocalOdysseyServer server) {
 *         OdysseyClient first = OdysseyClient.builder().apiKey("ody_test_key_0123456789").apiUrl(server.baseUrl()).build();
 *         first.connect();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <h2>How long a server lives</h2>
 * <ul>
 * <li>Asked for by a test method, or a {@code @BeforeEach}/{@code @AfterEach} method: one server per test, started
 *     when first asked for and stopped after the test's {@code @AfterEach} methods.</li>
 * <li>Asked for by a {@code @BeforeAll}/{@code @AfterAll} method (or a constructor): one server for the whole class,
 *     which every test method asking for one gets too.</li>
 * <li>A test method that carries its own {@code @LocalOdysseyServerTest} gets a server of its own, configured by
 *     that annotation.</li>
 * <li>A parameter that carries its own {@code @LocalOdysseyServerTest} gets a server of its own, configured by that
 *     annotation, beside the server the other parameters share (a test that needs a second, differently configured
 *     server), and stopped with the scope it was asked for in.</li>
 * <li>With {@link #urlProperty()} on the class, the class's server is started before all its tests (and before
 *     extensions registered in fields, such as an application-under-test's), with its base URL in that system
 *     property.</li>
 * </ul>
 * An annotation on a method or parameter replaces the class's: its attributes not given are the server's defaults,
 * not the class annotation's.
 * Every attribute's default is the server's own ({@link ServerConfig#defaults()}: the real service's documented
 * limits, 127.0.0.1, a free port). Durations are written as on the command line: {@code 500ms}, {@code 3s},
 * {@code 15m}, {@code 1h}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalOdysseyServerExtension.class)
public @interface LocalOdysseyServerTest {

    /** Concurrent sessions per API key. */
    int concurrencyLimit() default ServerConfig.DEFAULT_CONCURRENCY_LIMIT;

    /** A session without any message for this long is reaped (dangling sessions end this way). */
    String heartbeatTimeout() default ServerConfig.DEFAULT_HEARTBEAT_TIMEOUT;

    /** A requested session whose socket never opens is closed after this. */
    String connectTimeout() default ServerConfig.DEFAULT_CONNECT_TIMEOUT;

    /** A connected session without a stream is closed after this. */
    String idleTimeout() default ServerConfig.DEFAULT_IDLE_TIMEOUT;

    /** One stream may last at most this long. */
    String streamLimit() default ServerConfig.DEFAULT_STREAM_LIMIT;

    /** One connection may last at most this long. */
    String connectionLimit() default ServerConfig.DEFAULT_CONNECTION_LIMIT;

    /** Lifetime of a session token (its {@code expires_in}); whole seconds. */
    String sessionTokenTtl() default ServerConfig.DEFAULT_SESSION_TOKEN_TTL;

    /** Unfinished Simulate API jobs per API key. */
    int simulationQueueLimit() default ServerConfig.DEFAULT_SIMULATION_QUEUE_LIMIT;

    /** Accept only these API keys; none given: every well-formed key ({@code ody_} and 8 or more characters). */
    String[] apiKeys() default {};

    /** Streamers in the pool; when all are taken a session request is answered 503. Default: unlimited. */
    int streamers() default ServerConfig.UNLIMITED_STREAMERS;

    /** The port; 0 picks a free one. */
    int port() default ServerConfig.DEFAULT_PORT;

    /**
     * A system property to set to the server's base URL ({@code http://127.0.0.1:PORT}) before all tests of the class,
     * for an application under test that reads its configuration from system properties (Quarkus, Spring Boot:
     * {@code my.odyssey.api-url=${odyssey.test.url}}); it is cleared after them. Class level only.
     */
    String urlProperty() default "";
}
