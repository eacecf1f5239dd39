package io.odysseyguard.quarkus.runtime;

import org.jboss.logging.Logger;

import io.quarkus.dev.spi.HotReplacementContext;
import io.quarkus.dev.spi.HotReplacementSetup;

/**
 * The dev-mode hook. Dev mode loads every {@code HotReplacementSetup} of the application's runtime class path once
 * per session (in the base runtime class loader) and calls it:
 * <ul>
 * <li><b>pre-restart step</b>, right before a live reload stops the running application and starts a new one in a
 * new class loader: the running generation's connections are released, so the new generation starts with its slot
 * free. A reload done by instrumentation (which keeps the class loader) runs no pre-restart step and releases
 * nothing;</li>
 * <li><b>close</b>, when dev mode ends: everything still open is released.</li>
 * </ul>
 * Both do nothing unless the guard is on (a generation started with it, see {@link OdysseyGuardRecorder}) and the
 * agent is installed. The release itself (graceful disconnect, bounded, reported on stderr) is the agent's.
 */
public class OdysseyGuardHotReplacementSetup implements HotReplacementSetup {
    private static final Logger LOG = Logger.getLogger(OdysseyGuardHotReplacementSetup.class);
    /** The triggers as the agent's report names them: "... left open by &lt;generation&gt; before Quarkus live reload". */
    static final String LIVE_RELOAD = "before Quarkus live reload";
    static final String LEAVING_DEV_MODE = "when leaving Quarkus dev mode";

    @Override
    public void setupHotDeployment(HotReplacementContext context) {
        context.addPreRestartStep(OdysseyGuardHotReplacementSetup::beforeRestart);
    }

    static void beforeRestart() {
        try {
            ClassLoader discarded = Generations.takeCurrent();
            if (discarded != null) {
                int closed = GuardAccess.release(discarded, LIVE_RELOAD);
                LOG.debugf("live reload released %d connection(s) of the discarded generation", closed);
            }
        } catch (Throwable t) {
            LOG.debug("release before live reload failed", t);
        }
    }

    @Override
    public void close() {
        try {
            if (Generations.guarding()) {
                Generations.takeCurrent();
                int closed = GuardAccess.releaseAll(LEAVING_DEV_MODE);
                LOG.debugf("leaving dev mode released %d connection(s)", closed);
            }
        } catch (Throwable t) {
            LOG.debug("release when leaving dev mode failed", t);
        }
    }
}
