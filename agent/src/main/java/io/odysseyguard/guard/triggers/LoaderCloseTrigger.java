package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.output.Reporter;
import io.odysseyguard.guard.tracked.Loaders;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import io.odysseyguard.guard.tracked.Tracker;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A class loader is closed: {@code URLClassLoader.close()} (what application servers call on redeploy) or Quarkus'
 * {@code QuarkusClassLoader.close()} (dev mode closes the old generation's on live reload). Called on entry to
 * {@code close()}, while the loader can still load the classes the connections' close methods need, it releases the
 * connections that belong to that loader.
 */
public final class LoaderCloseTrigger {
    /**
     * What closing a loader means, named by a framework that knows it ({@link #name}): the report of the release its
     * close sets off says so instead of "when it was closed". Weak keys: a name never keeps a loader alive.
     */
    private static final Map<ClassLoader, String> NAMES = Collections.synchronizedMap(new WeakHashMap<>());

    private LoaderCloseTrigger() {
    }

    /**
     * From now on, the release that closing or stopping {@code loader} sets off is reported with {@code phrase}
     * (already cleaned, see {@code ExplicitRelease.clean}); null forgets the name.
     */
    public static void name(ClassLoader loader, String phrase) {
        if (phrase == null) {
            NAMES.remove(loader);
        } else {
            NAMES.put(loader, phrase);
        }
    }

    /** On entry to {@code loader.close()}. */
    public static void closing(Object loader) {
        if (loader instanceof ClassLoader) {
            release((ClassLoader) loader, "when it was closed", "when {} was closed");
        }
    }

    /**
     * Releases the connections that belong to {@code loader} and reports them.
     *
     * @param ofIt    the report's trigger when the loader owns every connection released ({@code when it was closed})
     * @param ofNamed the same naming the loader at {@code {}}, when other owners are involved
     */
    static void release(ClassLoader loader, String ofIt, String ofNamed) {
        if (Tracker.isEmpty()) {
            return;
        }
        try {
            List<Claimed> claimed = Tracker.claim(c -> c.belongsTo(l -> l == loader));
            String named = NAMES.get(loader);
            String phrase = named != null ? named : phrase(Loaders.describe(loader), claimed, ofIt, ofNamed);
            Release.claimed(claimed, phrase, Releaser.releaseTimeoutMillis(), "the connections of a class loader");
        } catch (Throwable t) {
            Reporter.debug("could not release the connections of a class loader: " + t.getClass().getName());
        }
    }

    /** "when X was closed"; when X owns every connection released, the report names it once: "when it was closed". */
    private static String phrase(String loader, List<Claimed> claimed, String ofIt, String ofNamed) {
        for (Claimed c : claimed) {
            if (!c.tracked().ownerDescription().equals(loader)) {
                return ofNamed.replace("{}", loader);
            }
        }
        return ofIt;
    }
}
