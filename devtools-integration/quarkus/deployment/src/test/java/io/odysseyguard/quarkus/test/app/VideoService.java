package io.odysseyguard.quarkus.test.app;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.odysseyguard.client.ConcurrentLimitReachedException;
import io.odysseyguard.client.OdysseyClient;
import io.quarkus.runtime.Startup;

/**
 * The application under test: connects to Odyssey when it starts and has no shutdown logic at all, as a developer's
 * first sketch would. With {@code odyssey.test.careful=true} it is the careful developer's: it also starts a stream,
 * and its {@code @PreDestroy} ends the stream and disconnects (and tells the probe whether it found its client still
 * connected and its calls succeeded). The tests edit {@link #GENERATION} to make dev mode reload it.
 */
@Startup
@ApplicationScoped
public class VideoService {
    static final String GENERATION = "gen-0";

    private OdysseyClient client;

    @ConfigProperty(name = "odyssey.test.careful", defaultValue = "false")
    boolean careful;

    @PostConstruct
    void start() {
        OdysseyClient c = OdysseyClient.builder()
                .apiKey("ody_quarkus_dev_mode_test")
                .apiUrl(System.getProperty("odyssey.test.api-url"))
                .build();
        try {
            c.connect();
            client = c;
            if (careful) {
                c.startStream("a lighthouse in a storm");
            }
            report(c.sessionId(), null);
        } catch (ConcurrentLimitReachedException e) {
            report(null, "429");
        }
    }

    @PreDestroy
    void stop() {
        if (!careful || client == null) {
            return;
        }
        String failure = null;
        try {
            if (!client.isConnected()) {
                throw new IllegalStateException("the client was disconnected before @PreDestroy ran");
            }
            client.endStream();
            client.disconnect();
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        probe("cleanedUp", new Class<?>[] {String.class, String.class}, GENERATION, failure);
    }

    /**
     * Tells the test's probe (in the test's own class loader, which dev mode's loaders have as their parent; named
     * reflectively because dev mode compiles this source against the application's class path only).
     */
    private void report(String sessionId, String failure) {
        probe("generationStarted", new Class<?>[] {String.class, ClassLoader.class, String.class, String.class},
                GENERATION, getClass().getClassLoader(), sessionId, failure);
    }

    private static void probe(String method, Class<?>[] types, Object... args) {
        try {
            ClassLoader.getSystemClassLoader().loadClass("io.odysseyguard.quarkus.test.probe.Probe")
                    .getMethod(method, types).invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean connected() {
        return client != null && client.isConnected();
    }
}
