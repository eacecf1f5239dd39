package io.odysseyguard.benchmarks.torture.gen;

/**
 * A hand-written connection the guard is told to track ({@code targets=} {@value #TARGET}) whose close fails on purpose:
 * it throws, or it hangs for as long as the JVM lives. It holds no Odyssey session of its own: it stands for the one bad
 * connection among good ones, and the torture run checks that it holds up no other release, no exit beyond its budget,
 * and throws nothing into the application.
 */
public final class FaultyConnection {
    /** The agent option that makes the guard track it. */
    public static final String TARGET = "io.odysseyguard.benchmarks.torture.gen.FaultyConnection#open/close";

    /** How its close fails. */
    public enum Failure { THROWS, HANGS }

    private final Failure failure;

    public FaultyConnection(Failure failure) {
        this.failure = failure;
    }

    public void open() {
        // tracked by the guard after this returns
    }

    public void close() {
        if (failure == Failure.THROWS) {
            throw new IllegalStateException("torture: this close throws on purpose");
        }
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // hang on: a hung close ignores interrupts too
            }
        }
    }
}
