package io.odysseyguard.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the agent jar from where its class was loaded: a jar, or a workspace's class directory. */
class AgentInstallerTest {

    @Test
    void fromAJar(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("odyssey-guard-agent-0.1.0.jar"));
        URL url = new URL("jar:" + jar.toUri() + "!/" + AgentInstaller.AGENT_CLASS_RESOURCE);
        assertThat(AgentInstaller.agentJar(url)).isEqualTo(jar);
    }

    @Test
    void fromAWorkspaceClassDirectoryTheJarBesideIt(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        URL url = classes.resolve(AgentInstaller.AGENT_CLASS_RESOURCE).toUri().toURL();
        assertThat(AgentInstaller.agentJar(url)).as("no jar built yet").isNull();
        Path jar = Files.createFile(dir.resolve("target").resolve(AgentInstaller.WORKSPACE_JAR_NAME));
        assertThat(AgentInstaller.agentJar(url)).isEqualTo(jar);
    }

    @Test
    void theRealOneOnThisClassPath() throws Exception {
        Path jar = AgentInstaller.agentJar();
        assertThat(jar).isNotNull();
        assertThat(jar.getFileName().toString()).startsWith("odyssey-guard-agent").endsWith(".jar");
    }
}
