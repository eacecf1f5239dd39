package io.odysseyguard.spring.it.app;

import io.odysseyguard.client.OdysseyClient;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The bean of a real application's shape (as tried on Spring PetClinic): it connects and starts a stream once the
 * application is ready, from an event listener (so Spring's event dispatch, not the bean, calls the line that
 * connects). With {@code demo.careful=true} it cleans up as a careful developer writes it: its {@code @PreDestroy}
 * ends the stream, then disconnects, and prints {@code preview cleanup: generation N ended its stream and
 * disconnected}, or {@code preview cleanup failed: ...} when it finds the client already disconnected or a call throws
 * (what the guard going first did). The app's bean when {@code demo.preview=true}.
 */
@Component
@ConditionalOnProperty(name = "demo.preview", havingValue = "true")
public class WorldPreview {
    private final int generation = Generation.begin(getClass().getClassLoader());
    private OdysseyClient client;

    /** Before {@code DemoApp.ready()} says the generation is ready. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void start() {
        client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY"))
                .apiUrl(System.getProperty("demo.api-url")).build();
        try {
            client.connect();
            client.startStream("a harbour at dawn");
            Generation.say("generation " + generation + " connected " + client.sessionId());
        } catch (RuntimeException e) {
            Generation.say("generation " + generation + " failed " + e.getClass().getName());
        }
    }

    @PreDestroy
    public void stop() {
        if (!Boolean.getBoolean("demo.careful") || client == null) {
            return;
        }
        try {
            if (!client.isConnected()) {
                throw new IllegalStateException("the client was disconnected before @PreDestroy ran");
            }
            client.endStream();
            client.disconnect();
            Generation.say("preview cleanup: generation " + generation + " ended its stream and disconnected");
        } catch (RuntimeException e) {
            Generation.say("preview cleanup failed: generation " + generation + ": " + e);
        }
    }
}
