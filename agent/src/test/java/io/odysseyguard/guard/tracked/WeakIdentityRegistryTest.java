package io.odysseyguard.guard.tracked;

import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WeakIdentityRegistryTest {
    private final WeakIdentityRegistry registry = new WeakIdentityRegistry();

    private boolean add(Object connection) {
        return registry.add(new TrackedConnection(connection, registry.queue(), List.of("close"), null,
                List.of("a.B.c(B.java:1)")));
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
    void claimHandsOverTheConnectionsItTakes() {
        Object keep = new Object();
        String take = new String("take");
        add(keep);
        add(take);
        List<Claimed> claimed = registry.claim(c -> c.connection() instanceof String);
        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).connection()).isSameAs(take);
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
        assertThat(Loaders.isInstanceOf(child, "java.net.URLClassLoader")).isTrue();
        assertThat(Loaders.isInstanceOf(child, "java.security.SecureClassLoader")).as("a superclass").isTrue();
        assertThat(Loaders.isInstanceOf(app, "java.net.URLClassLoader")).isFalse();
        assertThat(Loaders.describe(app)).isEqualTo("app");
        assertThat(Loaders.describe(child)).startsWith("URLClassLoader@");
    }

    @Test
    void aClaimedConnectionBelongsToTheGenerationsOfItsOwnerAndOfItsClass() throws Exception {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        ClassLoader generation = new java.net.URLClassLoader(new java.net.URL[0], app);
        ClassLoader other = new java.net.URLClassLoader(new java.net.URL[0], app);
        Object connection = new Object();
        TrackedConnection ownedByGeneration = new TrackedConnection(connection, registry.queue(), List.of(), generation,
                List.of());
        Claimed claimed = new Claimed(ownedByGeneration, connection);
        assertThat(claimed.belongsTo(l -> l == generation)).isTrue();
        assertThat(claimed.belongsTo(l -> l == app)).as("a parent of the owner").isTrue();
        assertThat(claimed.belongsTo(l -> l == other)).isFalse();
        // owned by another generation, but of a class the generation's loader defined
        Class<?> definedByApp = WeakIdentityRegistryTest.class;
        Object appConnection = definedByApp.getDeclaredConstructor().newInstance();
        Claimed ofAppClass = new Claimed(new TrackedConnection(appConnection, registry.queue(), List.of(), other,
                List.of()), appConnection);
        assertThat(ofAppClass.belongsTo(l -> l == app)).isTrue();
    }
}
