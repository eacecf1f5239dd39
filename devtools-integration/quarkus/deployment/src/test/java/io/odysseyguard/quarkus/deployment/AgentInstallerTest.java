package io.odysseyguard.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.odysseyguard.agent.jar.AgentJar;
import io.odysseyguard.agent.SelfAttach;

/**
 * The extension finds the agent jar on its own class path, through the agent's {@link SelfAttach} and {@link AgentJar}
 * (which resolves a jar, or a workspace's class directory with the jar beside it: tested in the agent module's
 * {@code SelfAttachTest}).
 */
class AgentInstallerTest {

    @Test
    void theRealOneOnThisClassPath() {
        Path jar = AgentJar.of(SelfAttach.class);
        assertThat(jar).isNotNull();
        assertThat(jar.getFileName().toString()).startsWith("odyssey-guard-agent").endsWith(".jar");
    }
}
