package io.odysseyguard.quarkus.runtime;

import java.lang.ref.WeakReference;

/**
 * The running generation in dev mode: the class loader of the application instance now running (Quarkus'
 * restart class loader), which a live reload discards. Held weakly: the guard never keeps a discarded generation
 * alive. This class sits in the extension's runtime jar, which dev mode loads once in its base runtime class loader
 * for the whole session, so the recorder (called by each generation) and the hot-replacement hook see the same state.
 */
public final class Generations {
    private static volatile WeakReference<ClassLoader> current;
    private static volatile boolean guarding;

    private Generations() {
    }

    /**
     * A new generation has started (called by {@link OdysseyGuardRecorder} while it starts); returns the one it
     * replaces, or null if none or already collected.
     */
    static ClassLoader started(ClassLoader generation) {
        WeakReference<ClassLoader> previous = current;
        current = new WeakReference<>(generation);
        guarding = true;
        return previous == null ? null : previous.get();
    }

    /** The running generation, or null if none or already collected. */
    static ClassLoader current() {
        WeakReference<ClassLoader> ref = current;
        return ref == null ? null : ref.get();
    }

    /** True once a generation started with the guard on in this dev-mode session. */
    static boolean guarding() {
        return guarding;
    }
}
