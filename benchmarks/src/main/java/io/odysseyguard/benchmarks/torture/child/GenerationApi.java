package io.odysseyguard.benchmarks.torture.child;

/**
 * What the child asks of a generation. The implementation ({@code torture.gen.Generation}) is defined by the
 * generation's own class loader, so the guard sees that loader as the owner of every connection it opens; this interface
 * is the application loader's, so the child can call it.
 */
public interface GenerationApi {
    /** Connects {@code connections} clients (streams running in {@code streams} of them) and opens the faulty connection, if any. */
    void open(String apiUrl, int connections, int streams, String faulty) throws Exception;

    /** Connects one more client (for a connect racing a release); returns without throwing what the client threw. */
    void connectOneMore();

    /** The application's own {@code disconnect()} of every client, all at once (for a release racing it). */
    void disconnectAll();
}
