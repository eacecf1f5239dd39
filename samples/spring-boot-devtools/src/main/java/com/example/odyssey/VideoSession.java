package com.example.odyssey;

import io.odysseyguard.client.OdysseyClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds the application's Odyssey connection: opened when the bean is created, kept for the application's life.
 *
 * <p>The bug: there is no {@code @PreDestroy} that calls {@code client.disconnect()}. Without DevTools that costs
 * one dangling session per run. With DevTools every restart creates this bean again in a new class loader and the
 * old connection stays open: after five saves the free plan's five sessions are taken and {@code connect()} fails
 * with {@code ConcurrentLimitReachedException} (HTTP 429). Odyssey Guard releases the old connection on each
 * restart. (The fix in code is a {@code @PreDestroy void close() { client.disconnect(); }}.)
 *
 * <p>The client reads {@code ODYSSEY_API_URL} and {@code ODYSSEY_API_KEY} from the environment.
 */
@Component
public class VideoSession {
    private static final Logger log = LoggerFactory.getLogger(VideoSession.class);

    private final OdysseyClient client;

    public VideoSession() {
        client = OdysseyClient.builder().build();
        client.connect();
        log.info("Odyssey session {} connected", client.sessionId());
    }

    public String sessionId() {
        return client.sessionId();
    }

    public boolean isConnected() {
        return client.isConnected();
    }
}
