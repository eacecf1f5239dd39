package io.odysseyguard.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** Prints each warning once, on standard error: {@code odyssey-guard: warning: ...}. */
final class Warnings implements Consumer<String> {
    static final String PREFIX = "odyssey-guard: warning: ";

    private final PrintWriter err;
    private final Set<String> said = new HashSet<>();

    Warnings(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void accept(String warning) {
        if (said.add(warning)) {
            err.println(PREFIX + warning);
            err.flush();
        }
    }
}
