package io.odysseyguard.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Clean: a class-level connection closed in @AfterAll, a per-test one closed in @AfterEach, a nested class. */
@TestKitOnly
@OdysseyLeakCheck
public class ClosesInAfterAll {
    static OdysseyClient shared;
    OdysseyClient perTest;

    @BeforeAll
    static void openShared() {
        shared = Examples.client();
        shared.connect();
    }

    @AfterAll
    static void closeShared() {
        shared.disconnect();
    }

    @BeforeEach
    void openPerTest() {
        perTest = Examples.client();
        perTest.connect();
    }

    @AfterEach
    void closePerTest() {
        perTest.disconnect();
    }

    @Test
    void usesBoth() {
        assertThat(shared.isConnected()).isTrue();
        assertThat(perTest.isConnected()).isTrue();
    }

    @Nested
    class Inner {
        @Test
        void usesTheSharedOneToo() {
            assertThat(shared.isConnected()).isTrue();
        }
    }
}
