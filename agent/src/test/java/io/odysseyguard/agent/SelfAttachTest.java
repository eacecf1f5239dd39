package io.odysseyguard.agent;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** SelfAttach without the agent, and split across class loaders (finding its jar: {@code AgentJarTest}). */
class SelfAttachTest {
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
                        try (InputStream in = SelfAttachTest.class.getResourceAsStream("/" + SelfAttach.class.getName().replace('.', '/') + ".class")) {
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
