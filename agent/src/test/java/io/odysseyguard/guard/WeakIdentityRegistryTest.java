package io.odysseyguard.guard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WeakIdentityRegistryTest {
    private final WeakIdentityRegistry registry = new WeakIdentityRegistry();

    private boolean add(Object connection) {
        return registry.add(connection, (c, q) -> new ConnectionRecord(c, q, "close", null, "app",
                System.currentTimeMillis(), new String[] {"a.B.c(B.java:1)"}));
    }

    /** Equal to every other instance: the registry must not care. */
    private static final class AllEqual {
        @Override
        public boolean equals(Object o) {
            return o instanceof AllEqual;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void keysByIdentityNotEquality() {
        AllEqual a = new AllEqual();
        AllEqual b = new AllEqual();
        assertThat(add(a)).isTrue();
        assertThat(add(b)).isTrue();
        assertThat(add(a)).as("already tracked").isFalse();
        assertThat(registry.size()).isEqualTo(2);
        assertThat(registry.remove(new AllEqual())).isNull();
        assertThat(registry.remove(a)).isNotNull();
        assertThat(registry.remove(a)).isNull();
        assertThat(registry.snapshot()).hasSize(1).allSatisfy(r -> assertThat(r.get()).isSameAs(b));
    }

    @Test
    void removeIfHandsOverTheConnectionsItTakes() {
        Object keep = new Object();
        String take = new String("take");
        add(keep);
        add(take);
        List<Object[]> taken = registry.removeIf(pair -> pair[1] instanceof String);
        assertThat(taken).hasSize(1);
        assertThat(taken.get(0)[1]).isSameAs(take);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void neverKeepsAConnectionAlive() {
        add(new Object());
        add(new Object());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return registry.size() == 0;
        });
        assertThat(registry.snapshot()).isEmpty();
    }

    @Test
    void loaderRelation() {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        ClassLoader child = new java.net.URLClassLoader(new java.net.URL[0], app);
        assertThat(Loaders.isSameOrBelow(child, app)).isTrue();
        assertThat(Loaders.isSameOrBelow(app, child)).isFalse();
        assertThat(Loaders.isSameOrBelow(app, app)).isTrue();
        assertThat(Loaders.isSameOrBelow(null, app)).isFalse();
        assertThat(Loaders.describe(app)).isEqualTo("app");
        assertThat(Loaders.describe(child)).startsWith("URLClassLoader@");
    }
}
