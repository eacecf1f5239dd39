package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens three Odyssey connections with the real client, starts a stream on the first, and never disconnects:
 * {@code ClientsApp <api url> <return|exit|wait>}. The API key comes from {@code ODYSSEY_API_KEY}.
 */
public final class ClientsApp {
    private static final List<OdysseyClient> CLIENTS = new ArrayList<>();

    private ClientsApp() {
    }

    public static void main(String[] args) throws Exception {
        String apiUrl = args[0];
        String mode = args[1];
        for (int i = 0; i < 3; i++) {
            OdysseyClient client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(apiUrl).build();
            client.connect();
            CLIENTS.add(client);
        }
        String stream = CLIENTS.get(0).startStream("a lighthouse in a storm");
        System.out.println("streaming=" + (stream != null));
        Ending.readyThen(mode);
    }
}
