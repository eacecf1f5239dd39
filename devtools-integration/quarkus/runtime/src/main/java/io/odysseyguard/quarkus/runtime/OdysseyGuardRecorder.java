package io.odysseyguard.quarkus.runtime;

import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.Recorder;

/** Runs in each dev-mode generation as it starts, with its class loader as the thread's context class loader. */
@Recorder
public class OdysseyGuardRecorder {
    private static final Logger LOG = Logger.getLogger(OdysseyGuardRecorder.class);

    /**
     * Remembers the starting generation (weakly) for the next live reload, and tells the agent what closing its class
     * loader means unless a live reload says otherwise: leaving dev mode. What the generation it replaces still holds
     * (normally nothing: the agent released it when dev mode closed that generation's class loader, after the old
     * application had stopped) is released now, before this generation's beans start.
     */
    public void generationStarted() {
        ClassLoader generation = Thread.currentThread().getContextClassLoader();
        if (generation == null) {
            return;
        }
        try {
            ClassLoader previous = Generations.started(generation);
            GuardAccess.nameClose(generation, OdysseyGuardHotReplacementSetup.LEAVING_DEV_MODE);
            if (previous != null) {
                int closed = GuardAccess.release(previous, OdysseyGuardHotReplacementSetup.LIVE_RELOAD);
                LOG.debugf("the discarded generation still held %d connection(s) as the new one started", closed);
            }
        } catch (Throwable t) {
            LOG.debug("could not register the starting generation", t);
        }
    }
}
