package io.odysseyguard.agent.it.apps;

import io.odysseyguard.client.OdysseyClient;

import java.util.ArrayList;
import java.util.List;

/**
 * An application that cleans up after itself, the way a careful developer writes it: a shutdown hook of its own that
 * first does other shutdown work for {@code <work ms>}, then ends the stream it started and disconnects every client.
 * {@code CarefulApp <api url> <clients> <work ms | hang> <return|exit|wait>}; prints {@code session=<id>} per client,
 * then {@code ready}; its hook prints {@code cleanup: ended the stream and disconnected N} when it did its work, or
 * {@code cleanup failed: ...} when it found a client already disconnected or a call threw (what the guard going first
 * did to Spring's {@code @PreDestroy}). With {@code hang} the hook never returns (an application whose shutdown hangs).
 * The API key comes from {@code ODYSSEY_API_KEY}.
 */
public final class CarefulApp {
    private static final List<OdysseyClient> CLIENTS = new ArrayList<>();

    private CarefulApp() {
    }

    public static void main(String[] args) throws Exception {
        String apiUrl = args[0];
        int clients = Integer.parseInt(args[1]);
        String work = args[2];
        for (int i = 0; i < clients; i++) {
            OdysseyClient client = OdysseyClient.builder().apiKey(System.getenv("ODYSSEY_API_KEY")).apiUrl(apiUrl).build();
            client.connect();
            CLIENTS.add(client);
            System.out.println("session=" + client.sessionId());
        }
        CLIENTS.get(0).startStream("a lighthouse in a storm");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanUp(work), "careful-app-cleanup"));
        Ending.readyThen(args[3]);
    }

    private static void cleanUp(String work) {
        try {
            if (work.equals("hang")) {
                System.out.println("cleanup: hanging");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Thread.sleep(Long.parseLong(work)); // other shutdown work first: a pool to drain, a file to write
            for (OdysseyClient c : CLIENTS) {
                if (!c.isConnected()) {
                    throw new IllegalStateException("a client was disconnected before the application's cleanup ran");
                }
            }
            CLIENTS.get(0).endStream();
            for (OdysseyClient c : CLIENTS) {
                c.disconnect();
            }
            System.out.println("cleanup: ended the stream and disconnected " + CLIENTS.size());
        } catch (Throwable t) {
            System.out.println("cleanup failed: " + t);
        }
        System.out.flush();
    }
}
