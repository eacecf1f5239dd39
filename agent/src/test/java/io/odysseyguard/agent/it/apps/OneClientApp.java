package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

/**
 * Opens one Odyssey connection with the real client and never disconnects: {@code OneClientApp <api url>
 * <return|exit|wait>}; prints {@code session=<id>} (an id is no secret), then {@code ready}. The API key comes from
 * {@code ODYSSEY_API_KEY}.
 */
public final class OneClientApp {
    private static OdysseyClient client;

    private OneClientApp() {
    }

    public static void main(String[] args) throws Exception {
        client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(args[0]).build();
        client.connect();
        System.out.println("session=" + client.sessionId());
        Ending.readyThen(args[1]);
    }
}
