package io.odysseyguard.benchmarks.torture;

/**
 * How a generation cleans up after itself, if it does: the careful application, whose own cleanup runs before the
 * guard's release (the guard goes last) and must find its clients still connected. Each way belongs to one kind of
 * trigger; a cleanup does some other shutdown work first (0-300 ms), then ends its streams and disconnects its clients.
 */
enum Cleanup {
    /** None: the generation leaves its clients to the guard. */
    NONE(null),
    /** A JVM shutdown hook of the application's (the JVM's end: normal exit, {@code System.exit}, SIGTERM, SIGINT). */
    SHUTDOWN_HOOK("hook"),
    /** A bean's destroy method in a real Spring context that DevTools' {@code Restarter.stop()} closes (a restart). */
    CONTEXT_CLOSE("context"),
    /** A webapp listener's {@code contextDestroyed}, which the child runs before it closes the generation's loader. */
    WEBAPP_LISTENER("listener");

    /** The child's word for it. */
    final String word;

    Cleanup(String word) {
        this.word = word;
    }

    /** The way a generation ended by {@code trigger} cleans up, when it does (none for a kill -9: nothing runs). */
    static Cleanup of(Trigger trigger) {
        return switch (trigger) {
            case EXIT_NORMAL, SYSTEM_EXIT, SIGTERM, SIGINT -> SHUTDOWN_HOOK;
            case DEVTOOLS_RESTART -> CONTEXT_CLOSE;
            case LOADER_CLOSE -> WEBAPP_LISTENER;
            case SIGKILL -> NONE;
        };
    }

    /**
     * Whether a careful generation may meet {@code fault}: not a race (the application's own close racing the trigger
     * is a fault of its own) and not the network failing under its disconnect (the cleanup could not tell that from the
     * guard having gone first).
     */
    static boolean goesWith(Fault fault) {
        return fault == Fault.NONE || fault == Fault.CLOSE_THROWS || fault == Fault.CLOSE_HANGS;
    }
}
