package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest
class StreamTest {

    @Test
    void startInteractEndRoundTrip(LocalOdysseyServer server) {
        RecordingListener events = new RecordingListener();
        try (OdysseyClient client = TestSupport.clientFor(server).listener(events).build()) {
            client.connect();

            String streamId = client.startStream("a lighthouse at dusk");
            assertThat(streamId).isNotBlank();
            assertThat(client.streamId()).isEqualTo(streamId);
            assertThat(server.usage().activeStreams()).isEqualTo(1);
            assertThat(events.streamsStarted).containsExactly(streamId);

            assertThat(client.interact("a storm rolls in")).isEqualTo("a storm rolls in");
            assertThat(client.interact("the lamp turns on")).isEqualTo("the lamp turns on");
            assertThat(events.acknowledged).containsExactly("a storm rolls in", "the lamp turns on");

            client.endStream();
            assertThat(client.streamId()).isNull();
            assertThat(server.usage().activeStreams()).isZero();
            assertThat(events.streamsEnded).hasSize(1);

            // Many streams per connection.
            String second = client.startStream("a quiet harbour", false);
            assertThat(second).isNotEqualTo(streamId);
            client.endStream();
            assertThat(server.usage().sessions()).hasSize(1);
        }
    }

    @Test
    void misuseIsRefusedClientSide(LocalOdysseyServer server) {
        try (OdysseyClient client = TestSupport.clientFor(server).build()) {
            client.connect();
            assertThatThrownBy(() -> client.interact("too early"))
                    .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("no_stream"));
            client.startStream("first");
            assertThatThrownBy(() -> client.startStream("second"))
                    .isInstanceOfSatisfying(OdysseyStreamException.class, e -> assertThat(e.reason()).isEqualTo("stream_active"));
            assertThatThrownBy(() -> client.startStream(" ")).isInstanceOf(IllegalArgumentException.class);
            client.endStream();
            client.endStream(); // nothing running: no-op
        }
    }

    @Test
    @LocalOdysseyServerTest(streamLimit = "1s")
    void aStreamErrorFromTheServerReachesTheListenerAndTheServerCloseDisconnects(LocalOdysseyServer server) {
        RecordingListener events = new RecordingListener();
        OdysseyClient client = TestSupport.clientFor(server).listener(events).build();
        client.connect();
        String sessionId = client.sessionId();
        client.startStream("a stream that runs too long");

        eventually().untilAsserted(() -> assertThat(events.streamErrors).singleElement()
                .asString().startsWith("session_timeout"));
        eventually().until(() -> !client.isConnected());
        assertThat(client.streamId()).isNull();
        assertThat(TestSupport.session(server, sessionId)).hasValueSatisfying(
                s -> assertThat(s.closeReason()).isEqualTo(CloseReason.STREAM_LIMIT));
        eventually().untilAsserted(() -> assertThat(events.disconnected).singleElement()
                .asString().endsWith("byServer=true"));
        assertThatThrownBy(() -> client.interact("too late")).isInstanceOf(OdysseyStreamException.class);
        client.disconnect();
    }
}
