package io.odysseyguard.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.junit.OdysseyLeakCheck;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Two test classes sharing one cached Spring context whose bean holds an Odyssey connection for the context's life:
 * neither class is blamed for it; a connection a test opens itself and leaves open still is.
 */
public final class SpringExamples {
    private SpringExamples() {
    }

    @Configuration
    public static class VideoConfig {
        @Bean
        OdysseyClient odysseyClient() {
            OdysseyClient client = Examples.client();
            client.connect();
            return client;
        }
    }

    @TestKitOnly
    @OdysseyLeakCheck
    @SpringJUnitConfig(VideoConfig.class)
    public static class FirstClass {
        @Autowired
        OdysseyClient client;

        @Test
        void usesTheContextsConnection() {
            assertThat(client.isConnected()).isTrue();
        }
    }

    @TestKitOnly
    @OdysseyLeakCheck
    @SpringJUnitConfig(VideoConfig.class)
    public static class SecondClass {
        @Autowired
        OdysseyClient client;

        @Test
        void usesTheCachedContextsConnection() {
            assertThat(client.isConnected()).isTrue();
        }

        @Test
        void leaksOneOfItsOwn() {
            Examples.client().connect();
        }
    }
}
