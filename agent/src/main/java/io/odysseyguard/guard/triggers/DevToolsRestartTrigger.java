package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.FrameworkClasses;
import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.tracked.Loaders;

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
        Release.of(c -> c.belongsTo(l -> Loaders.isInstanceOf(l, FrameworkClasses.DEVTOOLS_RESTART_CLASS_LOADER)),
                PHRASE, Releaser.releaseTimeoutMillis(), PHRASE);
    }
}
