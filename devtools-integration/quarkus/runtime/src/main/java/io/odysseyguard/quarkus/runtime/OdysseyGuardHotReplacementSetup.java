package io.odysseyguard.quarkus.runtime;

import org.jboss.logging.Logger;

import io.quarkus.dev.spi.HotReplacementContext;
import io.quarkus.dev.spi.HotReplacementSetup;

/**
 * The dev-mode hook. Dev mode loads every {@code HotReplacementSetup} of the application's runtime class path once
 * per session (in the base runtime class loader) and calls it:
 * <ul>
 * <li><b>pre-restart step</b>, right before a live reload stops the running application and starts a new one in a
 * new class loader. Nothing is released here: the application has not stopped yet, and its own {@code @PreDestroy}
 * and shutdown observers go first. It tells the agent that the coming close of the running generation's class loader
 * is a live reload. Dev mode then stops the application ({@code @PreDestroy}, {@code ShutdownEvent}) and closes that
 * class loader ({@code QuarkusClassLoader.close()}), where the agent releases what the generation still holds, before
 * the new generation starts (so it finds its slot free); the report says {@value #LIVE_RELOAD}. A reload done by
 * instrumentation (which keeps the class loader) runs no pre-restart step and releases nothing;</li>
 * <li><b>close</b>, when dev mode ends, after it stopped the application and closed its class loader (where the agent
 * released what was left, {@value #LEAVING_DEV_MODE}): whatever is still open is released.</li>
 * </ul>
 * Both do nothing unless the guard is on (a generation started with it, see {@link OdysseyGuardRecorder}) and the
 * agent is installed. The release itself (graceful disconnect, bounded, reported on stderr) is the agent's.
 */
public class OdysseyGuardHotReplacementSetup implements HotReplacementSetup {
    private static final Logger LOG = Logger.getLogger(OdysseyGuardHotReplacementSetup.class);
    /** The triggers as the agent's report names them: "... left open by &lt;generation&gt; on Quarkus live reload". */
    static final String LIVE_RELOAD = "on Quarkus live reload";
    static final String LEAVING_DEV_MODE = "when leaving Quarkus dev mode";

    @Override
    public void setupHotDeployment(HotReplacementContext context) {
        context.addPreRestartStep(OdysseyGuardHotReplacementSetup::beforeRestart);
    }

    static void beforeRestart() {
        try {
            ClassLoader running = Generations.current();
            if (running != null) {
                GuardAccess.nameClose(running, LIVE_RELOAD);
            }
        } catch (Throwable t) {
            LOG.debug("could not prepare the release of the live reload", t);
        }
    }

    @Override
    public void close() {
        try {
            if (Generations.guarding()) {
                int closed = GuardAccess.releaseAll(LEAVING_DEV_MODE);
                LOG.debugf("leaving dev mode released %d connection(s)", closed);
            }
        } catch (Throwable t) {
            LOG.debug("release when leaving dev mode failed", t);
        }
    }
}
