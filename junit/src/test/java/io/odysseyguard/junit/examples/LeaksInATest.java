package io.odysseyguard.junit.examples;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import org.junit.jupiter.api.Test;

@TestKitOnly
@OdysseyLeakCheck
public class LeaksInATest {
    @Test
    void leaks() {
        OdysseyClient client = Examples.client();
        client.connect();
    }

    @Test
    void disconnects() {
        OdysseyClient client = Examples.client();
        client.connect();
        client.disconnect();
    }
}
