package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.Usage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;

/** Shared bits of the tests: the test key, a client wired to a local server, generous waits. */
final class TestSupport {

    /** Well-formed for the local server (ody_ plus 8 or more characters); long enough to be redacted. */
    static final String API_KEY = "ody_test_key_0123456789abcdef";

    /** Keepalive used by tests whose server reaps after a few seconds without a heartbeat. */
    static final Duration FAST_KEEPALIVE = Duration.ofMillis(300);

    private TestSupport() {
    }

    static OdysseyClientBuilder clientFor(LocalOdysseyServer server) {
        return OdysseyClient.builder()
                .apiKey(API_KEY)
                .apiUrl(server.baseUrl())
                .keepaliveInterval(FAST_KEEPALIVE)
                .requestTimeout(Duration.ofSeconds(20))
                .environment(name -> null);
    }

    /** Connects {@code client}; returns its session id. */
    static String connect(OdysseyClient client) {
        client.connect();
        return client.sessionId();
    }

    /** Waits sized for two busy cores: poll often, give up only after a long time. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    static Optional<Usage.SessionInfo> session(LocalOdysseyServer server, String sessionId) {
        return server.usage().session(sessionId);
    }

    /** Waits until the server knows the session and what it knows satisfies {@code requirements}. */
    static void awaitSession(LocalOdysseyServer server, String sessionId, Consumer<Usage.SessionInfo> requirements) {
        eventually().untilAsserted(() -> assertThat(session(server, sessionId)).hasValueSatisfying(requirements));
    }
}
