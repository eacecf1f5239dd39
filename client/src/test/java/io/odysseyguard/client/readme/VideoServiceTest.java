package io.odysseyguard.client.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odysseyguard.client.ConcurrentLimitReachedException;
import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import org.junit.jupiter.api.Test;

@LocalOdysseyServerTest(concurrencyLimit = 1, heartbeatTimeout = "5s")
class VideoServiceTest {

    @Test
    void theSecondSessionIsRefusedWhileTheFirstIsOpen(LocalOdysseyServer server) {
        OdysseyClient first = client(server);
        first.connect();
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);

        assertThatThrownBy(() -> client(server).connect())
                .isInstanceOf(ConcurrentLimitReachedException.class);
        first.disconnect();
    }

    private static OdysseyClient client(LocalOdysseyServer server) {
        return OdysseyClient.builder().apiKey("ody_test_key_0123456789").apiUrl(server.baseUrl()).build();
    }
}
