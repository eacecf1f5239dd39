package io.odysseyguard.benchmarks.torture.gen;

import io.odysseyguard.benchmarks.torture.child.ClosedBy;
import io.odysseyguard.benchmarks.torture.child.GenerationApi;
import io.odysseyguard.benchmarks.torture.child.Report;
import io.odysseyguard.client.OdysseyClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One generation of the application: the code a reload discards. Defined by the generation's class loader (a plain
 * {@code URLClassLoader} or DevTools' {@code RestartClassLoader}), so the connections it opens belong to that loader.
 * It keeps its clients (as real code keeps them in a field) and never disconnects them unless told to.
 */
public final class Generation implements GenerationApi {
    /** Held here, as an application's static state is: the generation's class holds its connections. */
    static final List<Object> HELD = new CopyOnWriteArrayList<>();

    private final String name;
    private final List<OdysseyClient> clients = new CopyOnWriteArrayList<>();
    private final List<OdysseyClient> streaming = new CopyOnWriteArrayList<>();
    private volatile String apiUrl;
    private volatile CarefulCleanup listener;

    public Generation(String name) {
        this.name = name;
    }

    @Override
    public void open(String apiUrl, int connections, int streams, String faulty) throws Exception {
        this.apiUrl = apiUrl;
        for (int i = 0; i < connections; i++) {
            OdysseyClient client = newClient();
            client.connect();
            if (i < streams) {
                client.startStream("torture generation " + name);
                streaming.add(client);
            }
        }
        if (!faulty.equals("none")) {
            FaultyConnection c = new FaultyConnection(FaultyConnection.Failure.valueOf(faulty.toUpperCase(java.util.Locale.ROOT)));
            c.open();
            HELD.add(c);
        }
    }

    @Override
    public void cleanUpItself(String way, long workMillis) {
        CarefulCleanup cleanup = new CarefulCleanup(name, List.copyOf(clients), List.copyOf(streaming), workMillis);
        cleanup.prepare(way);
        if (way.equals("listener")) {
            listener = cleanup;
        }
    }

    @Override
    public void contextDestroyed() {
        CarefulCleanup cleanup = listener;
        if (cleanup != null) {
            cleanup.run();
        }
    }

    @Override
    public void connectOneMore() {
        try {
            newClient().connect();
        } catch (Throwable t) {
            Report.exception("race-connect", t);
        }
    }

    @Override
    public void disconnectAll() {
        for (OdysseyClient c : clients) {
            c.disconnect();
        }
    }

    private OdysseyClient newClient() {
        OdysseyClient client = OdysseyClient.builder().apiKey("ody_torture_run").apiUrl(apiUrl)
                .listener(new ClosedBy(name)).build();
        clients.add(client);
        HELD.add(client);
        return client;
    }
}
