package io.odysseyguard.guard.tracked;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The creation site names the application's own frames: this test's, never the JDK's reflection or JUnit's that call
 * it, unless told to keep every frame. The stack is this test's real one (JUnit calls it through reflection).
 */
class CreationSiteTest {
    /** A stand-in connection class: its own frames are never the opener. */
    static final class Conn {
        CreationSite.Read open(CreationSite sites) {
            return sites.read(Conn.class);
        }
    }

    @Test
    void theDefaultSkipsTheJdkReflectionAndTheFrameworks() throws Exception {
        CreationSite.Read read = openThroughReflection(new CreationSite(5, List.of("frameworks")));
        assertThat(read.found()).isTrue();
        assertThat(read.openerLoader()).isSameAs(CreationSiteTest.class.getClassLoader());
        assertThat(read.site()).hasSize(5);
        assertThat(read.site().get(0)).startsWith(CreationSiteTest.class.getName() + ".callOpen(CreationSiteTest.java:");
        assertThat(read.site().get(1)).as("Method.invoke is left out")
                .startsWith(CreationSiteTest.class.getName() + ".openThroughReflection(CreationSiteTest.java:");
        assertThat(read.site().get(2)).startsWith(CreationSiteTest.class.getName()
                + ".theDefaultSkipsTheJdkReflectionAndTheFrameworks(CreationSiteTest.java:");
        assertThat(read.site()).as("JUnit's frames that called the test are left out")
                .noneMatch(f -> f.startsWith("java.") || f.startsWith("jdk.") || f.startsWith("org.junit."));
    }

    @Test
    void noneKeepsEveryFrameFromTheOpenerOutwards() throws Exception {
        CreationSite.Read read = openThroughReflection(new CreationSite(5, List.of("none")));
        assertThat(read.site()).hasSize(5);
        assertThat(read.site().get(0)).startsWith(CreationSiteTest.class.getName() + ".callOpen(");
        assertThat(read.site().get(2)).startsWith(CreationSiteTest.class.getName() + ".noneKeepsEveryFrame");
        assertThat(read.site().get(3)).as("what called the test").matches("(java|jdk|org\\.junit)\\..*");
    }

    @Test
    void prefixesOfTheUsersOwnAreSkippedToo() throws Exception {
        CreationSite.Read read = openThroughReflection(new CreationSite(2,
                List.of("frameworks", CreationSiteTest.class.getName())));
        assertThat(read.site()).isNotEmpty().noneMatch(f -> f.startsWith(CreationSiteTest.class.getName()));
    }

    @Test
    void whenEveryFrameIsSkippedTheFirstOnesAreNamedAsTheyAre() {
        CreationSite.Read read = new Conn().open(new CreationSite(2, List.of("io.", "org.", "java.", "jdk.", "sun.")));
        assertThat(read.site()).hasSize(2);
        assertThat(read.site().get(0)).startsWith(CreationSiteTest.class.getName() + ".whenEveryFrameIsSkipped");
    }

    @Test
    void depthZeroStillFindsTheOpener() {
        CreationSite.Read read = new Conn().open(new CreationSite(0, List.of("frameworks")));
        assertThat(read.found()).isTrue();
        assertThat(read.openerLoader()).isSameAs(CreationSiteTest.class.getClassLoader());
        assertThat(read.site()).isEmpty();
    }

    @Test
    void generatedCodeIsLeftOutLikeTheFrameworks() {
        CreationSite sites = new CreationSite(3, List.of("frameworks"));
        assertThat(sites.isSkipped("com.acme.WorldPreview$$SpringCGLIB$$0", "WorldPreview.java")).isTrue();
        assertThat(sites.isSkipped("com.acme.VideoSession_Bean", null)).as("Arc's bean class: no source file").isTrue();
        assertThat(sites.isSkipped("org.springframework.context.event.ApplicationListenerMethodAdapter",
                "ApplicationListenerMethodAdapter.java")).isTrue();
        assertThat(sites.isSkipped("com.acme.WorldPreview", "WorldPreview.java")).isFalse();
        CreationSite none = new CreationSite(3, List.of("none"));
        assertThat(none.isSkipped("com.acme.WorldPreview$$SpringCGLIB$$0", null)).isFalse();
        assertThat(new CreationSite(3, List.of("com.acme.platform.")).isSkipped("com.acme.VideoSession_Bean", null))
                .as("only 'frameworks' brings the generated-code rule").isFalse();
    }

    /** Opens through {@link Method#invoke}, as a framework calls an application's method. */
    private CreationSite.Read openThroughReflection(CreationSite sites) throws Exception {
        Method m = CreationSiteTest.class.getDeclaredMethod("callOpen", CreationSite.class);
        return (CreationSite.Read) m.invoke(this, sites);
    }

    private CreationSite.Read callOpen(CreationSite sites) {
        return new Conn().open(sites);
    }
}
