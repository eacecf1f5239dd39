package io.odysseyguard.junit.examples;

import io.odysseyguard.client.OdysseyClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the examples share: the server to connect to, and strong references to what they leave open. */
public final class Examples {
    /** The base URL of the local server the examples connect to, set by the test that launches them. */
    public static final String URL_PROPERTY = "odyssey.guard.junit.example.url";

    /** The clients the examples made (the guard tracks weakly: a leaked client must stay reachable to stay open). */
    public static final List<OdysseyClient> CLIENTS = new CopyOnWriteArrayList<>();

    private Examples() {
    }

    public static OdysseyClient client() {
        OdysseyClient c = OdysseyClient.builder().apiKey("ody_test_key_0123456789")
                .apiUrl(System.getProperty(URL_PROPERTY)).build();
        CLIENTS.add(c);
        return c;
    }

    /** Disconnects what is still connected and forgets every client. */
    public static void cleanUp() {
        for (OdysseyClient c : CLIENTS) {
            if (c.isConnected()) {
                c.disconnect();
            }
        }
        CLIENTS.clear();
    }
}
