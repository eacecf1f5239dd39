package com.example.odyssey;

import io.odysseyguard.client.OdysseyClient;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Holds the application's Odyssey connection: opened when the application starts, kept for its life.
 *
 * <p>The bug: no {@code @PreDestroy} calls {@code client.disconnect()}. In {@code quarkus:dev} every live reload
 * that restarts the application creates this bean again in a new class loader and the old connection stays open:
 * after five reloads the free plan's five sessions are taken and {@code connect()} fails with
 * {@code ConcurrentLimitReachedException} (HTTP 429). The {@code odyssey-guard-quarkus} extension releases the old
 * connection before each restart.
 *
 * <p>The client reads {@code ODYSSEY_API_URL} and {@code ODYSSEY_API_KEY} from the environment.
 */
@Startup
@Singleton
public class VideoSession {
    private static final Logger log = Logger.getLogger(VideoSession.class);

    private final OdysseyClient client;

    public VideoSession() {
        client = OdysseyClient.builder().build();
        client.connect();
        log.infof("Odyssey session %s connected", client.sessionId());
    }

    public String sessionId() {
        return client.sessionId();
    }
}
