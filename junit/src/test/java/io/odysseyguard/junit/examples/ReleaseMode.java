package io.odysseyguard.junit.examples;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import io.odysseyguard.junit.OdysseyLeakCheck.Mode;
import org.junit.jupiter.api.Test;

@TestKitOnly
@OdysseyLeakCheck(mode = Mode.RELEASE)
public class ReleaseMode {
    public static volatile String sessionId;

    @Test
    void leaks() {
        OdysseyClient client = Examples.client();
        client.connect();
        sessionId = client.sessionId();
    }
}
