package io.odysseyguard.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@TestKitOnly
@OdysseyLeakCheck
public class LeaksInBeforeAll {
    static OdysseyClient shared;

    @BeforeAll
    static void openShared() {
        shared = Examples.client();
        shared.connect();
    }

    @Test
    void usesTheSharedConnection() {
        assertThat(shared.isConnected()).isTrue();
    }
}
