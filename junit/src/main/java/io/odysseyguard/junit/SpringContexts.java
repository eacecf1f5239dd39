package io.odysseyguard.junit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which connections belong to a Spring test {@code ApplicationContext}: those opened while one was being refreshed (its
 * singletons created). Spring's TestContext framework caches a context across test classes, so its beans' connections
 * outlive the test that happened to load it by design; the check leaves them to the context (its beans' own destroy
 * methods, and the agent at JVM exit). Fed by {@link io.odysseyguard.junit.spring.LeakCheckContextCustomizerFactory};
 * names no Spring type.
 */
public final class SpringContexts {
    /** Id ranges (from, to]: the connections opened during a refresh; {@code to} is open-ended while it runs. */
    private static final List<long[]> WINDOWS = new CopyOnWriteArrayList<>();

    private SpringContexts() {
    }

    /** A context is about to be refreshed; the returned window is closed by {@link #refreshed}. Null when the check is off. */
    public static long[] refreshing() {
        if (!Agent.isActive()) {
            return null;
        }
        long[] window = {Connections.watermark(), Long.MAX_VALUE};
        WINDOWS.add(window);
        return window;
    }

    /** The context of {@code window} is refreshed: connections opened later are the tests' again. */
    public static void refreshed(long[] window) {
        if (window != null && Agent.isActive()) {
            window[1] = Connections.watermark();
        }
    }

    /**
     * Closes the windows of refreshes that never finished (the context failed to start): called where no refresh can be
     * running (before each test, after a class), so that a failed context cannot hide the later tests' connections.
     */
    static void settle() {
        long now = -1;
        for (long[] w : WINDOWS) {
            if (w[1] == Long.MAX_VALUE) {
                if (now < 0) {
                    now = Connections.watermark();
                }
                w[1] = now;
            }
        }
    }

    static boolean ownsConnection(long id) {
        for (long[] w : WINDOWS) {
            if (id > w[0] && id <= w[1]) {
                return true;
            }
        }
        return false;
    }
}
