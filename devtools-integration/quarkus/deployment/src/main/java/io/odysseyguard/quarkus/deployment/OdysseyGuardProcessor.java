package io.odysseyguard.quarkus.deployment;

import java.util.function.BooleanSupplier;

import io.odysseyguard.quarkus.runtime.OdysseyGuardConfig;
import io.odysseyguard.quarkus.runtime.OdysseyGuardRecorder;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.runtime.LaunchMode;

/**
 * Build steps of the Odyssey Guard extension, each gated by when it applies. In dev mode (and in tests when enabled)
 * the build runs in the same JVM as the application, so this is where the agent gets installed (before any
 * application code runs); in dev mode each generation is also told to register itself for the next live reload. A
 * production build runs in the build tool's JVM, not the application's: nothing to install there (a packaged
 * application is guarded with {@code -javaagent}).
 */
class OdysseyGuardProcessor {
    static final String FEATURE = "odyssey-guard";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** Installs the agent into this JVM unless {@code -javaagent} did; a service start, so that the step always runs. */
    @BuildStep(onlyIf = GuardEnabled.class, onlyIfNot = IsNormal.class)
    ServiceStartBuildItem installAgent(OdysseyGuardConfig config) {
        AgentInstaller.ensureInstalled(config);
        return new ServiceStartBuildItem(FEATURE);
    }

    /** Each dev-mode generation remembers itself, as it starts, for the next live reload's pre-restart step. */
    @BuildStep(onlyIf = {IsDevelopment.class, GuardEnabled.class})
    @Record(ExecutionTime.RUNTIME_INIT)
    void rememberGeneration(OdysseyGuardRecorder recorder) {
        recorder.generationStarted();
    }

    /** Whether the guard is on for this launch mode: {@code quarkus.odyssey-guard.enabled}, else on in dev mode only. */
    static final class GuardEnabled implements BooleanSupplier {
        private final OdysseyGuardConfig config;
        private final LaunchMode launchMode;

        GuardEnabled(OdysseyGuardConfig config, LaunchMode launchMode) {
            this.config = config;
            this.launchMode = launchMode;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled().orElse(launchMode == LaunchMode.DEVELOPMENT);
        }
    }
}
