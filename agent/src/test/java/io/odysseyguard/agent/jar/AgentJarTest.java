package io.odysseyguard.agent.jar;

import io.odysseyguard.agent.SelfAttach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding the agent jar from where a class of it ({@link SelfAttach}) was loaded: a jar, or a workspace's class directory. */
class AgentJarTest {
    private static final String SELF = AgentJar.resourceName(SelfAttach.class);

    @Test
    void fromAJar(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("odyssey-guard-agent-0.1.0.jar"));
        URL url = new URL("jar:" + jar.toUri() + "!/" + SELF);
        assertThat(AgentJar.fromUrl(url, SELF)).isEqualTo(jar);
    }

    @Test
    void fromAWorkspaceClassDirectoryTheJarBesideIt(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        URL url = classes.resolve(SELF).toUri().toURL();
        assertThat(AgentJar.fromUrl(url, SELF)).as("no jar built yet").isNull();
        Path jar = Files.createFile(dir.resolve("target").resolve(AgentJar.WORKSPACE_JAR_NAME));
        assertThat(AgentJar.fromUrl(url, SELF)).isEqualTo(jar);
    }

    @Test
    void fromACodeSourceLocation(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("odyssey-guard-agent-0.1.0.jar"));
        assertThat(AgentJar.fromUrl(jar.toUri().toURL(), SELF)).as("a jar").isEqualTo(jar);
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        assertThat(AgentJar.fromUrl(classes.toUri().toURL(), SELF)).as("classes, no jar beside").isNull();
        Path built = Files.createFile(dir.resolve("target").resolve(AgentJar.WORKSPACE_JAR_NAME));
        assertThat(AgentJar.fromUrl(classes.toUri().toURL(), SELF)).as("classes, jar beside").isEqualTo(built);
    }

    @Test
    void otherUrlsFindNothing() throws Exception {
        assertThat(AgentJar.fromUrl(new URL("http://example.com/odyssey-guard-agent.jar"), SELF)).isNull();
    }

}
