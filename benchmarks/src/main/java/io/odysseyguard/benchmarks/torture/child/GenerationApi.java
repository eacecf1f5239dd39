package io.odysseyguard.benchmarks.torture.child;

/**
 * What the child asks of a generation. The implementation ({@code torture.gen.Generation}) is defined by the
 * generation's own class loader, so the guard sees that loader as the owner of every connection it opens; this interface
 * is the application loader's, so the child can call it.
 */
public interface GenerationApi {
    /** Connects {@code connections} clients (streams running in {@code streams} of them) and opens the faulty connection, if any. */
    void open(String apiUrl, int connections, int streams, String faulty) throws Exception;

    /**
     * Cleans up after itself from now on, {@code way}: {@code hook} (a JVM shutdown hook), {@code context} (a bean of a
     * Spring context DevTools closes on restart) or {@code listener} (on {@link #contextDestroyed()}); after
     * {@code workMillis} of other work it ends its streams and disconnects its clients, reporting {@code cleanup ...}.
     */
    void cleanUpItself(String way, long workMillis);

    /** A webapp's {@code contextDestroyed}: the {@code listener} cleanup runs now (nothing without one). */
    void contextDestroyed();

    /** Connects one more client (for a connect racing a release); returns without throwing what the client threw. */
    void connectOneMore();

    /** The application's own {@code disconnect()} of every client, all at once (for a release racing it). */
    void disconnectAll();
}
