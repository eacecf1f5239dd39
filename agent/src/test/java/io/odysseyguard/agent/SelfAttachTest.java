package io.odysseyguard.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding the agent jar from where {@link SelfAttach} was loaded ({@link AgentJar}): a jar, or a workspace's class
 * directory; and SelfAttach split across class loaders.
 */
class SelfAttachTest {
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

    @Test
    void theAgentIsNotInstalledInThisJvm() {
        assertThat(SelfAttach.isInstalled()).as("surefire runs without the agent").isFalse();
    }

    /**
     * Quarkus dev mode was seen loading SelfAttach in one class loader and its nested classes in another (a split
     * package); package-private or private nest-mate access then fails with IllegalAccessError. This loader defines
     * SelfAttach itself (no code source, no resources: no agent jar to find) and leaves its nested classes to the
     * application loader.
     */
    @Test
    void worksWhenItsNestedClassesComeFromAnotherClassLoader() throws Exception {
        ClassLoader split = new ClassLoader(SelfAttachTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(SelfAttach.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (InputStream in = SelfAttachTest.class.getResourceAsStream("/" + SELF)) {
                            byte[] b = in.readAllBytes();
                            c = defineClass(name, b, 0, b.length);
                        } catch (java.io.IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }

            @Override
            public URL getResource(String name) {
                return null;
            }
        };
        Class<?> selfAttach = split.loadClass(SelfAttach.class.getName());
        assertThat(selfAttach.getClassLoader()).isSameAs(split);
        Method install = selfAttach.getMethod("install", String.class);
        Object result = install.invoke(null, (Object) null);
        assertThat(result.getClass().getClassLoader()).as("the nested class came from the other loader")
                .isSameAs(SelfAttachTest.class.getClassLoader());
        assertThat(((SelfAttach.Result) result).outcome()).isEqualTo(SelfAttach.Outcome.AGENT_JAR_NOT_FOUND);
    }
}
