package io.odysseyguard.cli;

/** The command's exit codes, the same for every subcommand. */
final class ExitCodes {
    /** Done: listed at least one JVM, released or closed every session asked for. */
    static final int OK = 0;
    /** Nothing to do: no JVM to list, no running JVM with that pid holding guarded sessions, nothing to reap. */
    static final int NOTHING = 1;
    /** Usage error: an unknown option or subcommand, a bad or missing argument (picocli's own code for it). */
    static final int USAGE = 2;
    /**
     * Not everything could be done: a session still held after {@code release}, a JVM that did not answer its control
     * socket, a session {@code reap} could not close (the service unreachable: kept for the next reap), or an error.
     */
    static final int INCOMPLETE = 3;

    private ExitCodes() {
    }
}
