package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

/**
 * Calls {@code connect()} on a thread of its own and waits to be stopped while that connect runs:
 * {@code ConnectingApp <api url>}. The API key comes from {@code ODYSSEY_API_KEY}.
 */
public final class ConnectingApp {
    private ConnectingApp() {
    }

    public static void main(String[] args) throws Exception {
        OdysseyClient client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(args[0]).build();
        Thread connecting = new Thread(() -> {
            try {
                client.connect();
                System.out.println("connected");
            } catch (RuntimeException e) {
                System.out.println("connect: " + e.getMessage());
            }
        }, "connecting");
        connecting.setDaemon(true);
        connecting.start();
        Ending.readyThen("wait");
    }
}
