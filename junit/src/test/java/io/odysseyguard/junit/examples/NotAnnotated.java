package io.odysseyguard.junit.examples;

import io.odysseyguard.client.OdysseyClient;
import org.junit.jupiter.api.Test;

/** No @OdysseyLeakCheck: checked only when JUnit's extension auto-detection registers the extension. */
@TestKitOnly
public class NotAnnotated {
    @Test
    void leaks() {
        OdysseyClient client = Examples.client();
        client.connect();
    }
}
