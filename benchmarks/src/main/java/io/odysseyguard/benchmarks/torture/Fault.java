package io.odysseyguard.benchmarks.torture;

/** What goes wrong while a lifecycle's trigger releases its connections. */
enum Fault {
    NONE,
    /** A new client's {@code connect()} is in flight when the trigger fires (it started 0-150 ms before). */
    CONNECT_RACE,
    /** The application's own {@code disconnect()} of every client runs at the same moment as the release. */
    DISCONNECT_RACE,
    /** Among the connections is one (a {@code targets=} class) whose close throws. */
    CLOSE_THROWS,
    /** Among the connections is one whose close never returns. */
    CLOSE_HANGS,
    /** The network to the server is slow during the release (every chunk held 50-600 ms, for 0.3-2.5 s). */
    SERVER_SLOW,
    /** The network to the server passes nothing during the release (for 0.3-2.5 s), then delivers what waited. */
    SERVER_STALL,
    /** The server is down during the release: every connection to it reset, new ones refused (for 0.3-2 s). */
    SERVER_DOWN;

    boolean isNetwork() {
        return this == SERVER_SLOW || this == SERVER_STALL || this == SERVER_DOWN;
    }

    /** The faulty connection a generation opens for this fault: none, throws or hangs. */
    String faultyConnection() {
        return this == CLOSE_THROWS ? "throws" : this == CLOSE_HANGS ? "hangs" : "none";
    }
}
