package io.odysseyguard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reuse until near expiry; the end-to-end reuse over HTTP is in {@link AuthenticationTest}. */
class AccessTokenCacheTest {

    @Test
    void reusesALongLivedTokenAndRefetchesOneAboutToExpire() {
        AccessTokenCache cache = new AccessTokenCache();
        AtomicInteger fetches = new AtomicInteger();

        assertThat(cache.get(() -> token(fetches, Duration.ofHours(1)))).isEqualTo("token-1");
        assertThat(cache.get(() -> token(fetches, Duration.ofHours(1)))).isEqualTo("token-1");
        assertThat(fetches).hasValue(1);

        cache.invalidate("token-1");
        assertThat(cache.get(() -> token(fetches, Duration.ZERO))).isEqualTo("token-2");
        // Already expired: every call fetches a fresh one.
        assertThat(cache.get(() -> token(fetches, Duration.ofHours(1)))).isEqualTo("token-3");
        assertThat(fetches).hasValue(3);

        cache.invalidate("some-other-token"); // not the cached one: kept
        assertThat(cache.get(() -> token(fetches, Duration.ofHours(1)))).isEqualTo("token-3");
    }

    private static AccessTokenCache.Token token(AtomicInteger fetches, Duration expiresIn) {
        return new AccessTokenCache.Token("token-" + fetches.incrementAndGet(), expiresIn);
    }
}
