package io.odysseyguard.benchmarks.latency;

import io.odysseyguard.client.OdysseyClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One generation of the {@link LatencyApp}: opens {@code n} Odyssey connections (four at a time, to keep 100 of them
 * quick) and returns their session ids. In the class-loader case it is loaded, with the client, by a
 * {@code URLClassLoader} of its own, so the connections belong to that loader.
 */
public final class Generation {
    private static final List<OdysseyClient> OPEN = new ArrayList<>();

    private Generation() {
    }

    /** Connects {@code n} clients to {@code apiUrl}; their session ids, in order. Keeps them reachable. */
    public static List<String> open(String apiUrl, String apiKey, int n) throws Exception {
        ClassLoader loader = Generation.class.getClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 4), r -> {
            Thread t = new Thread(r, "latency-connect");
            t.setContextClassLoader(loader); // as a framework's worker of this generation would
            return t;
        });
        try {
            List<Future<OdysseyClient>> opening = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                opening.add(pool.submit(() -> {
                    OdysseyClient c = OdysseyClient.builder().apiKey(apiKey).apiUrl(apiUrl).build();
                    c.connect();
                    return c;
                }));
            }
            List<String> ids = new ArrayList<>(n);
            for (Future<OdysseyClient> f : opening) {
                OdysseyClient c = f.get();
                synchronized (OPEN) {
                    OPEN.add(c);
                }
                ids.add(c.sessionId());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    /** Disconnects every connection this generation opened (the application closing them itself). */
    public static void disconnectAll() {
        synchronized (OPEN) {
            for (OdysseyClient c : OPEN) {
                c.disconnect();
            }
            OPEN.clear();
        }
    }
}
