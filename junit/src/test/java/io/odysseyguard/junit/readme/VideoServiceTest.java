package io.odysseyguard.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import io.odysseyguard.localserver.LocalOdysseyServer;
import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@OdysseyLeakCheck // fails a test that leaves an Odyssey connection open
@LocalOdysseyServerTest
class VideoServiceTest {
    private OdysseyClient client;

    @Test
    void connects(LocalOdysseyServer server) {
        client = OdysseyClient.builder().apiKey("ody_test_key_0123456789").apiUrl(server.baseUrl()).build();
        client.connect();
        assertThat(server.usage().concurrentSessions()).isEqualTo(1);
    }

    @AfterEach
    void disconnect() {
        client.disconnect(); // without this line the leak check fails connects()
    }
}
