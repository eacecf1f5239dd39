package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;
import io.odysseyguard.client.OdysseyUsageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Connects until the service refuses: {@code FillApp <api url> <return|exit|wait>}; prints {@code refused after N}.
 * The API key comes from {@code ODYSSEY_API_KEY}.
 */
public final class FillApp {
    private static final List<OdysseyClient> CLIENTS = new ArrayList<>();

    private FillApp() {
    }

    public static void main(String[] args) throws Exception {
        while (true) {
            OdysseyClient client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(args[0]).build();
            try {
                client.connect();
            } catch (OdysseyUsageException e) {
                System.out.println("refused after " + CLIENTS.size() + ": " + e.getClass().getSimpleName());
                break;
            }
            CLIENTS.add(client);
        }
        Ending.readyThen(args[1]);
    }
}
