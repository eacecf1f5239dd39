package io.odysseyguard.benchmarks;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: the start-up benchmark packs it into a jar of its own to measure what
 * {@code -javaagent} costs the JVM before any agent code runs.
 */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing
    }
}
