package io.odysseyguard.agent.it;

import io.odysseyguard.agent.it.apps.HelloApp;
import io.odysseyguard.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent does to a JVM that never touches a connection: nothing visible, nothing heavy. */
class AgentStartupIT {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @Test
    void helloWorldRunsSilentlyWithoutLoadingTheBytecodeEngine() throws Exception {
        try (ChildJvm child = TestJvms.guarded(HelloApp.class.getName()).jvmOptions("-verbose:class").start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("hello")
                    .contains("io.odysseyguard.agent.instrumentation.HookTransformer") // the agent did start
                    .doesNotContain("shaded.asm").doesNotContain("io.odysseyguard.agent.engine.")
                    // the odyssey-guard command and its libraries, in the same jar, are not loaded either
                    .doesNotContain("io.odysseyguard.cli.").doesNotContain("shaded.picocli").doesNotContain("shaded.jackson");
            assertThat(child.stderr()).as("nothing printed when nothing was released").isEmpty();
            assertThat(child.stdout()).doesNotContain("Sharing is only supported");
        }
    }

    @Test
    void theBootstrapPartIsLoadedOnceByTheBootstrapLoaderEvenWhenOnTheClassPath() throws Exception {
        try (ChildJvm child = TestJvms.guarded(HelloApp.class.getName(), "loader").classPath(TestJvms.withAgentJar()).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("guard-loader=null").contains("agent-active=true")
                    .contains("java.lang-open-to-app=false");
        }
    }

    @Test
    void withoutTheAgentTheApiIsInactive() throws Exception {
        try (ChildJvm child = TestJvms.unguarded(HelloApp.class.getName(), "loader").classPath(TestJvms.withAgentJar()).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("agent-active=false");
        }
    }

    @Test
    void badOptionsWarnClearlyAndTheApplicationStillRuns() throws Exception {
        try (ChildJvm child = TestJvms.guardedWith("bogus=1,release-timeout=soon,targets=not a target,qiuet=false",
                        HelloApp.class.getName())
                .jvmOptions("-Dodyssey.guard.exit-budget=-3s")
                .env("ODYSSEY_GUARD_STACK_DEPTH", "lots")
                .start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("hello");
            assertThat(child.guardLines()).as(child.describe())
                    .anySatisfy(l -> assertThat(l).startsWith("odyssey-guard: warning: unknown agent option 'bogus'"))
                    .anySatisfy(l -> assertThat(l).contains("bad value 'soon' for agent option 'release-timeout'"))
                    // the did-you-mean the agent jar carries (shaded): a swap of two letters is one edit
                    .anySatisfy(l -> assertThat(l).contains("unknown agent option 'qiuet' (ignored); did you mean 'quiet'?"))
                    .anySatisfy(l -> assertThat(l).contains("bad target 'not a target'"))
                    .anySatisfy(l -> assertThat(l).contains("bad value '-3s' for -Dodyssey.guard.exit-budget"))
                    .anySatisfy(l -> assertThat(l).contains("bad value 'lots' for environment variable ODYSSEY_GUARD_STACK_DEPTH"));
        }
    }

    @Test
    void helpPrintsEveryOptionWithItsDefault() throws Exception {
        try (ChildJvm child = TestJvms.guardedWith("help", HelloApp.class.getName()).start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.stdout()).contains("hello");
            assertThat(child.stderr()).contains("targets").contains("release-timeout  default 2s")
                    .contains("exit-budget      default 5s").contains("stack-depth").contains("quiet")
                    .contains("enabled").contains("ODYSSEY_GUARD_<KEY>");
        }
    }

    @Test
    void aTargetWithoutItsMethodsIsSkippedWithOneWarning() throws Exception {
        try (ChildJvm child = TestJvms.guardedWith("targets=io.odysseyguard.agent.it.fixtures.FileConnection#connect/close",
                io.odysseyguard.agent.it.apps.ExitApp.class.getName(), new ConnectionLog().toString(), "2", "0", "0", "return")
                .start()) {
            assertThat(child.awaitExit(EXIT)).as(child.describe()).isZero();
            assertThat(child.guardLines()).as(child.describe()).containsExactly(
                    "odyssey-guard: warning: target io.odysseyguard.agent.it.fixtures.FileConnection has no method"
                            + " connect; it is not guarded");
        }
    }
}
