package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.reported.ReleaseReport;
import io.odysseyguard.guard.reported.Reporter;
import io.odysseyguard.guard.tracked.Loaders;
import io.odysseyguard.guard.tracked.Tracker;

/**
 * Spring Boot DevTools restarts the application: {@code Restarter.restart()} calls {@code stop()}, which closes the
 * old application contexts (the application's own {@code @PreDestroy} had its chance), then {@code start()}, which
 * starts a new generation in a new {@code RestartClassLoader}. Called at the exit of {@code stop()} (normal or not),
 * it releases the connections of the discarded generation: those that belong to a {@code RestartClassLoader}. Only
 * the discarded generation has any at this point, and a start that fails comes after the release.
 */
public final class DevToolsRestartTrigger {
    static final String PHRASE = "on DevTools restart";

    private DevToolsRestartTrigger() {
    }

    /** At the exit of {@code Restarter.stop()}. */
    public static void stopped() {
        if (!Tracker.isInstalled() || Tracker.isEmpty()) {
            return;
        }
        try {
            long wait = Releaser.releaseTimeoutMillis();
            ReleaseReport.print(PHRASE, Releaser.release(Tracker.claim(c -> c.belongsTo(
                    l -> Loaders.isInstanceOf(l, FrameworkClasses.DEVTOOLS_RESTART_CLASS_LOADER))), wait), wait);
        } catch (Throwable t) {
            Reporter.debug("could not release on DevTools restart: " + t.getClass().getName());
        }
    }
}
