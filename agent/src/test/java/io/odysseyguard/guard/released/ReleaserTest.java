package io.odysseyguard.guard.released;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which release failures the report calls "its class loader was already stopped or closed". */
class ReleaserTest {
    /** Tomcat's webapp loaders say their lifecycle state through {@code getStateName()}. */
    public static final class LifecycleLoader extends ClassLoader {
        private final String state;

        LifecycleLoader(String state) {
            this.state = state;
        }

        public String getStateName() {
            return state;
        }
    }

    @Test
    void aClassTheLoaderNoLongerGivesIsAStoppedLoader() {
        Object connection = new Object();
        assertThat(Releaser.refusedClasses(new NoClassDefFoundError("acme/Conn$1"), connection)).isTrue();
        assertThat(Releaser.refusedClasses(new RuntimeException(new ClassNotFoundException("acme.Conn$1",
                new IllegalStateException("stopped already"))), connection)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        Object connection = new Object();
        assertThat(Releaser.refusedClasses(new IllegalStateException("not connected"), connection)).isFalse();
        assertThat(Releaser.refusedClasses(new RuntimeException("io"), connection)).isFalse();
    }

    @Test
    void aLifecycleStateOtherThanStartedIsStopped() {
        assertThat(Releaser.isStopped(new LifecycleLoader("STOPPED"))).isTrue();
        assertThat(Releaser.isStopped(new LifecycleLoader("STOPPING_PREP"))).isTrue();
        assertThat(Releaser.isStopped(new LifecycleLoader("STARTED"))).isFalse();
        assertThat(Releaser.isStopped(ClassLoader.getSystemClassLoader())).isFalse();
        assertThat(Releaser.isStopped(null)).isFalse();
    }
}
