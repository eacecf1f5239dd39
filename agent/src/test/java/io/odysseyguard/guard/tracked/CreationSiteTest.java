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
    /** A stand-in connection class: its own frames (and its nested classes') are never the opener. */
    public static final class Conn {
        CreationSite.Read open(CreationSite sites) {
            return sites.read(Conn.class);
        }

        /** For code of another loader, which sees public types only. */
        public static final class Public {
            public static Object open(Object sites) {
                return new Conn().open((CreationSite) sites);
            }
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
    void prefixesOfTheUsersOwnAreSkippedTooButTheOpenersLineIsAlwaysNamed() throws Exception {
        CreationSite.Read read = openThroughReflection(new CreationSite(3,
                List.of("frameworks", CreationSiteTest.class.getName())));
        assertThat(read.site().get(0)).startsWith(CreationSiteTest.class.getName() + ".callOpen(");
        assertThat(read.site().subList(1, read.site().size()))
                .noneMatch(f -> f.startsWith(CreationSiteTest.class.getName()));
    }

    @Test
    void whenEveryOtherFrameIsSkippedTheSiteIsTheOpenersLine() {
        CreationSite.Read read = new Conn().open(new CreationSite(2, List.of("io.", "org.", "java.", "jdk.", "sun.")));
        assertThat(read.site()).singleElement().asString()
                .startsWith(CreationSiteTest.class.getName() + ".whenEveryOtherFrameIsSkipped");
    }

    /**
     * A generation of its own (a restart loader, a webapp's): its classes are the application's whatever their package,
     * as Spring PetClinic's {@code org.springframework.samples.petclinic} is.
     */
    @Test
    void theClassesOfTheOpenersGenerationAreTheApplicationsWhateverTheirPackage() throws Exception {
        try (Generation generation = new Generation()) {
            Class<?> app = generation.loadClass(GenerationCode.class.getName());
            @SuppressWarnings("unchecked")
            java.util.function.Function<Object, Object> open =
                    (java.util.function.Function<Object, Object>) app.getConstructor().newInstance();
            // the rules name this class and so the generation's code (as 'org.springframework.' names PetClinic's)
            String prefix = CreationSiteTest.class.getName();
            CreationSite.Read read = (CreationSite.Read) open.apply(new CreationSite(3, List.of("frameworks", prefix)));
            assertThat(read.site()).hasSize(3);
            assertThat(read.site().get(0)).startsWith(GenerationCode.class.getName() + ".opens(");
            assertThat(read.site().get(1)).as("the generation's own code, though the rules name its package")
                    .startsWith(GenerationCode.class.getName() + ".apply(");
            assertThat(read.site().get(2)).as("this test's frame: the rules name it, and it is not the generation's")
                    .doesNotStartWith(prefix);
        }
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

    /** The application's code in {@link Generation}: {@code apply} calls {@code opens}, which opens. */
    public static final class GenerationCode implements java.util.function.Function<Object, Object> {
        @Override
        public Object apply(Object sites) {
            return opens(sites);
        }

        private Object opens(Object sites) {
            return Conn.Public.open(sites);
        }
    }

    /** A generation's loader: defines {@link GenerationCode} itself, everything else from the test's loader. */
    private static final class Generation extends java.net.URLClassLoader {
        Generation() {
            super(new java.net.URL[] {CreationSiteTest.class.getProtectionDomain().getCodeSource().getLocation()},
                    CreationSiteTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(GenerationCode.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
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
