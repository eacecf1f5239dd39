package io.odysseyguard.hardstop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmIdentityTest {
    @Test
    void theMainClassWithoutArguments() {
        assertThat(JvmIdentity.mainOf("com.acme.Main --port 8080")).isEqualTo("com.acme.Main");
        assertThat(JvmIdentity.mainOf("/home/me/work/app.jar --port 8080")).isEqualTo("/home/me/work/app.jar");
        assertThat(JvmIdentity.mainOf("")).isEqualTo("unknown");
    }

    @Test
    void forOthersAJarIsNamedByItsFileNameOnly() {
        assertThat(JvmIdentity.mainClassOrJarName("com.acme.Main --config /etc/acme/app.jar"))
                .isEqualTo("com.acme.Main");
        assertThat(JvmIdentity.mainClassOrJarName("/home/me/work/app.jar --port 8080")).isEqualTo("app.jar");
        assertThat(JvmIdentity.mainClassOrJarName("build/libs/app-1.0.JAR")).isEqualTo("app-1.0.JAR");
        assertThat(JvmIdentity.mainClassOrJarName("C:\\Users\\me\\app.jar x")).isEqualTo("app.jar");
        assertThat(JvmIdentity.mainClassOrJarName("app.jar x")).isEqualTo("app.jar");
        assertThat(JvmIdentity.mainClassOrJarName("")).isEqualTo("unknown");
        assertThat(JvmIdentity.mainClassOrJarName("/tmp/")).isEqualTo("unknown");
    }

    @Test
    void aJarInADirectoryWithASpaceLeavesNoPartOfThatDirectory() {
        assertThat(JvmIdentity.mainClassOrJarName("/home/john doe/libs.jarfiles/my app.jar --name x.jar"))
                .isEqualTo("my app.jar");
        assertThat(JvmIdentity.mainClassOrJarName("C:\\Users\\John Doe\\app.jar")).isEqualTo("app.jar");
    }

    @Test
    void aModulesMainClassWithoutItsModule() {
        assertThat(JvmIdentity.mainClassOrJarName("com.acme/com.acme.Main arg")).isEqualTo("com.acme.Main");
    }

    @Test
    void thisJvm() {
        assertThat(JvmIdentity.mainClassOrJarNameOfThisJvm()).isNotBlank().doesNotContain("/").doesNotContain(" ");
    }
}
