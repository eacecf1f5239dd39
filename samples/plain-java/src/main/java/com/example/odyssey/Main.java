package com.example.odyssey;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.client.OdysseyException;

/**
 * Connects to Odyssey, starts a stream and returns: the classic leak. Nothing calls {@code disconnect()}, so the
 * session is not closed when the JVM exits; the service keeps counting it against the concurrency limit until its
 * heartbeat times out. Run it with {@code -javaagent:odyssey-guard-agent.jar} and the session is closed at exit.
 *
 * <p>Reads {@code ODYSSEY_API_URL} and {@code ODYSSEY_API_KEY} from the environment.
 */
public final class Main {

    public static void main(String[] args) {
        String prompt = args.length > 0 ? String.join(" ", args) : "a lighthouse at dusk";

        OdysseyClient client = OdysseyClient.builder().build();
        try {
            client.connect();
        } catch (OdysseyException e) {
            // The client's message says what failed and what to do; its stack trace would only bury it.
            System.err.println("sample-plain-java: " + e.getMessage());
            System.exit(1);
        }
        String streamId = client.startStream(prompt);
        System.out.println("session " + client.sessionId() + ": streaming \"" + prompt + "\" (stream " + streamId + ")");

        // The bug: no client.disconnect(), no try-with-resources. The fix in code is
        //     try (OdysseyClient client = OdysseyClient.builder().build()) { ... }
    }

    private Main() {
    }
}
