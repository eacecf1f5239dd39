package io.odysseyguard.quarkus.test.app;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import io.odysseyguard.client.ConcurrentLimitReachedException;
import io.odysseyguard.client.OdysseyClient;
import io.quarkus.runtime.Startup;

/**
 * The application under test: connects to Odyssey when it starts and has no shutdown logic at all, as a developer's
 * first sketch would. The tests edit {@link #GENERATION} to make dev mode reload it.
 */
@Startup
@ApplicationScoped
public class VideoService {
    static final String GENERATION = "gen-0";

    private OdysseyClient client;

    @PostConstruct
    void start() {
        OdysseyClient c = OdysseyClient.builder()
                .apiKey("ody_quarkus_dev_mode_test")
                .apiUrl(System.getProperty("odyssey.test.api-url"))
                .build();
        try {
            c.connect();
            client = c;
            report(c.sessionId(), null);
        } catch (ConcurrentLimitReachedException e) {
            report(null, "429");
        }
    }

    /**
     * Tells the test's probe (in the test's own class loader, which dev mode's loaders have as their parent; named
     * reflectively because dev mode compiles this source against the application's class path only).
     */
    private void report(String sessionId, String failure) {
        try {
            ClassLoader.getSystemClassLoader().loadClass("io.odysseyguard.quarkus.test.probe.Probe")
                    .getMethod("generationStarted", String.class, ClassLoader.class, String.class, String.class)
                    .invoke(null, GENERATION, getClass().getClassLoader(), sessionId, failure);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean connected() {
        return client != null && client.isConnected();
    }
}
