package io.odysseyguard.quarkus.deployment;

import org.jboss.logging.Logger;

import io.odysseyguard.quarkus.runtime.OdysseyGuardConfig;
import io.odysseyguard.quarkus.runtime.OdysseyGuardRecorder;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.runtime.LaunchMode;

/**
 * Build steps of the Odyssey Guard extension. In dev mode (and in tests when enabled) the build runs in the same JVM
 * as the application, so this is where the agent gets installed (before any application code runs), and where each
 * generation is told to register itself for the next live reload.
 */
class OdysseyGuardProcessor {
    static final String FEATURE = "odyssey-guard";
    private static final Logger LOG = Logger.getLogger(OdysseyGuardProcessor.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** Whether the guard is on for this launch mode: the setting, else on in dev mode only. */
    static boolean enabled(OdysseyGuardConfig config, LaunchMode mode) {
        return config.enabled().orElse(mode == LaunchMode.DEVELOPMENT);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void guard(LaunchModeBuildItem launchMode, OdysseyGuardConfig config, OdysseyGuardRecorder recorder) {
        LaunchMode mode = launchMode.getLaunchMode();
        if (!enabled(config, mode)) {
            return;
        }
        if (mode == LaunchMode.NORMAL) {
            // A production build runs in the build tool's JVM, not in the application's: nothing to install here.
            LOG.debug("odyssey-guard: a packaged application is guarded with -javaagent:odyssey-guard-agent.jar");
            return;
        }
        AgentInstaller.ensureInstalled(config);
        if (mode == LaunchMode.DEVELOPMENT) {
            recorder.generationStarted();
        }
    }
}
