package io.odysseyguard.spring.it.app;

import io.odysseyguard.client.OdysseyClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Connects an Odyssey client when the bean is created and keeps it in a field: no {@code @PreDestroy}, no
 * {@code disconnect()}, as code written without restarts in mind. Prints {@code generation N connected <session>}, or
 * {@code generation N failed <exception class>} when the server refuses the session (the 429 of a full concurrency
 * limit). The app's bean unless {@code demo.preview=true} (then {@link WorldPreview} is).
 */
@Component
@ConditionalOnProperty(name = "demo.preview", havingValue = "false", matchIfMissing = true)
public class SessionHolder {
    private final OdysseyClient client;

    public SessionHolder() {
        int generation = Generation.begin(getClass().getClassLoader());
        if ("false".equals(System.getProperty("demo.connect"))) { // the leak check's baseline
            client = null;
            Generation.say("generation " + generation + " connected nothing");
            return;
        }
        client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY"))
                .apiUrl(System.getProperty("demo.api-url")).build();
        try {
            client.connect();
            Generation.say("generation " + generation + " connected " + client.sessionId());
        } catch (RuntimeException e) {
            Generation.say("generation " + generation + " failed " + e.getClass().getName());
        }
    }
}
