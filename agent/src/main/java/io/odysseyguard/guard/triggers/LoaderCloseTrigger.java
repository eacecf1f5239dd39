package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.reported.ReleaseReport;
import io.odysseyguard.guard.reported.Reporter;
import io.odysseyguard.guard.tracked.Loaders;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import io.odysseyguard.guard.tracked.Tracker;

import java.util.List;

/**
 * A class loader is closed: {@code URLClassLoader.close()} (what application servers call on redeploy) or Quarkus'
 * {@code QuarkusClassLoader.close()} (dev mode closes the old generation's on live reload). Called on entry to
 * {@code close()}, while the loader can still load the classes the connections' close methods need, it releases the
 * connections that belong to that loader.
 */
public final class LoaderCloseTrigger {
    private LoaderCloseTrigger() {
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
        if (!Tracker.isInstalled() || Tracker.isEmpty()) {
            return;
        }
        try {
            List<Claimed> claimed = Tracker.claim(c -> c.belongsTo(l -> l == loader));
            String phrase = phrase(Loaders.describe(loader), claimed, ofIt, ofNamed);
            long wait = Releaser.releaseTimeoutMillis();
            ReleaseReport.print(phrase, Releaser.release(claimed, wait), wait);
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
