package io.odysseyguard.quarkus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardAccess} calls the API's trigger-naming forms ({@code release(ClassLoader, String)},
 * {@code releaseAll(String)}) when the agent has them, and falls back to the one-argument forms of an older agent.
 * Stand-ins of the two API versions record the calls (the real API is exercised by the dev-mode tests and the agent's
 * {@code SelfAttachIT}).
 */
public class GuardAccessTest {
    static final List<String> CALLS = new ArrayList<>();

    /** The API of this version of the agent. */
    public static final class CurrentApi {
        public static int release(ClassLoader loader) {
            CALLS.add("release(loader)");
            return 1;
        }

        public static int release(ClassLoader loader, String trigger) {
            CALLS.add("release(loader, " + trigger + ")");
            return 2;
        }

        public static int releaseAll() {
            CALLS.add("releaseAll()");
            return 3;
        }

        public static int releaseAll(String trigger) {
            CALLS.add("releaseAll(" + trigger + ")");
            return 4;
        }

        public static void nameClose(ClassLoader loader, String trigger) {
            CALLS.add("nameClose(loader, " + trigger + ")");
        }
    }

    /** An agent from before the trigger-naming forms. */
    public static final class OlderApi {
        public static int release(ClassLoader loader) {
            CALLS.add("old release(loader)");
            return 5;
        }

        public static int releaseAll() {
            CALLS.add("old releaseAll()");
            return 6;
        }
    }

    @BeforeEach
    void clear() {
        CALLS.clear();
    }

    @Test
    void namesTheHooksTriggersToTheCurrentApi() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(GuardAccess.release(CurrentApi.class, loader, OdysseyGuardHotReplacementSetup.LIVE_RELOAD)).isEqualTo(2);
        assertThat(GuardAccess.releaseAll(CurrentApi.class, OdysseyGuardHotReplacementSetup.LEAVING_DEV_MODE)).isEqualTo(4);
        assertThat(GuardAccess.release(CurrentApi.class, loader, null)).isEqualTo(1);
        assertThat(GuardAccess.releaseAll(CurrentApi.class, null)).isEqualTo(3);
        assertThat(CALLS).containsExactly("release(loader, on Quarkus live reload)",
                "releaseAll(when leaving Quarkus dev mode)", "release(loader)", "releaseAll()");
    }

    @Test
    void namesTheCloseOfAGenerationWhenTheAgentCan() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(GuardAccess.nameClose(CurrentApi.class, loader, OdysseyGuardHotReplacementSetup.LIVE_RELOAD)).isTrue();
        assertThat(GuardAccess.nameClose(OlderApi.class, loader, OdysseyGuardHotReplacementSetup.LIVE_RELOAD)).isFalse();
        assertThat(GuardAccess.nameClose(null, loader, OdysseyGuardHotReplacementSetup.LIVE_RELOAD)).isFalse();
        assertThat(CALLS).containsExactly("nameClose(loader, on Quarkus live reload)");
    }

    @Test
    void fallsBackToTheOneArgumentFormsOfAnOlderAgent() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(GuardAccess.release(OlderApi.class, loader, OdysseyGuardHotReplacementSetup.LIVE_RELOAD)).isEqualTo(5);
        assertThat(GuardAccess.releaseAll(OlderApi.class, OdysseyGuardHotReplacementSetup.LEAVING_DEV_MODE)).isEqualTo(6);
        assertThat(CALLS).containsExactly("old release(loader)", "old releaseAll()");
    }

    @Test
    void withoutTheAgentNothingHappens() {
        assertThat(GuardAccess.release(null, getClass().getClassLoader(), "x")).isEqualTo(-1);
        assertThat(GuardAccess.releaseAll(null, "x")).isEqualTo(-1);
        assertThat(GuardAccess.release(CurrentApi.class, null, "x")).isEqualTo(-1);
        assertThat(GuardAccess.agentActive()).as("no agent in this test JVM").isFalse();
        assertThat(CALLS).isEmpty();
    }
}
