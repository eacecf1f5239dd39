package io.odysseyguard.quarkus.runtime;

import io.quarkus.runtime.annotations.Recorder;

/** Runs in each dev-mode generation as it starts, with its class loader as the thread's context class loader. */
@Recorder
public class OdysseyGuardRecorder {

    /** Remembers the starting generation (weakly) for the next live reload's pre-restart step. */
    public void generationStarted() {
        ClassLoader generation = Thread.currentThread().getContextClassLoader();
        if (generation != null) {
            Generations.started(generation);
        }
    }
}
