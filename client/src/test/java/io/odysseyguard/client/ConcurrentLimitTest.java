package io.odysseyguard.client;

import static io.odysseyguard.client.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.localserver.CloseReason;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.SessionState;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest(concurrencyLimit = 5)
class ConcurrentLimitTest {

    private final List<OdysseyClient> clients = new ArrayList<>();

    @AfterEach
    void disconnectClients() {
        clients.forEach(OdysseyClient::close);
    }

    private OdysseyClient newClient(LocalOdysseyServer server) {
        OdysseyClient client = TestSupport.clientFor(server).build();
        clients.add(client);
        return client;
    }

    @Test
    void sixthConcurrentConnectIsRefusedWithTheCountsAndAGracefulDisconnectFreesASlotAtOnce(LocalOdysseyServer server) {
        for (int i = 0; i < 5; i++) {
            newClient(server).connect();
        }
        assertThat(server.usage().concurrentSessions()).isEqualTo(5);

        OdysseyClient sixth = newClient(server);
        assertThatThrownBy(sixth::connect)
                .isInstanceOfSatisfying(ConcurrentLimitReachedException.class, e -> {
                    assertThat(e.activeCount()).isEqualTo(5);
                    assertThat(e.limit()).isEqualTo(5);
                    assertThat(e.code()).isEqualTo("CONCURRENT_LIMIT_REACHED");
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).doesNotContain(TestSupport.API_KEY);
                })
                .isInstanceOf(OdysseyUsageException.class);
        assertThat(sixth.isConnected()).isFalse();
        assertThat(sixth.sessionId()).isNull();

        OdysseyClient first = clients.get(0);
        String released = first.sessionId();
        first.disconnect();

        // Freed "at once": the server has already released it when disconnect() returns, or a moment later.
        eventually().untilAsserted(() -> assertThat(TestSupport.session(server, released)).hasValueSatisfying(s -> {
            assertThat(s.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_DISCONNECT);
        }));
        assertThat(server.usage().concurrentSessions()).isEqualTo(4);

        sixth.connect();
        assertThat(sixth.isConnected()).isTrue();
        assertThat(server.usage().concurrentSessions()).isEqualTo(5);
    }
}
