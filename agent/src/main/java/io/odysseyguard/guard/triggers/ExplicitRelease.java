package io.odysseyguard.guard.triggers;

import io.odysseyguard.guard.released.Releaser;
import io.odysseyguard.guard.tracked.Loaders;
import io.odysseyguard.guard.tracked.TrackedConnection.Claimed;
import io.odysseyguard.guard.tracked.Tracker;

import java.util.Set;
import java.util.function.Predicate;

/**
 * A framework or a test says so, through {@code OdysseyGuard.release(loader[, trigger])},
 * {@code OdysseyGuard.release(connections, trigger)} and
 * {@code OdysseyGuard.releaseAll([trigger])}. The caller may name its event (the Quarkus extension says
 * {@code before Quarkus live reload}); without a name the report names the call.
 */
public final class ExplicitRelease {
    /** The longest trigger text a report keeps. */
    public static final int MAX_PHRASE_LENGTH = io.odysseyguard.guard.OdysseyGuard.MAX_TRIGGER_LENGTH;

    private ExplicitRelease() {
    }

    /** Releases the connections that belong to {@code loader}; how many were released. */
    public static int release(ClassLoader loader, String callerPhrase) {
        String phrase = clean(callerPhrase);
        return release(phrase != null ? phrase : "on OdysseyGuard.release(" + Loaders.describe(loader) + ")",
                c -> c.belongsTo(l -> l == loader));
    }

    /** Releases the tracked connections whose {@code TrackedConnection.id()} is one of {@code ids}; how many were released. */
    public static int release(Set<Long> ids, String callerPhrase) {
        String phrase = clean(callerPhrase);
        return release(phrase != null ? phrase : "on OdysseyGuard.release(" + ids.size() + " connection"
                + (ids.size() == 1 ? ")" : "s)"), c -> ids.contains(c.tracked().id()));
    }

    /** Releases every tracked connection; how many were released. */
    public static int releaseAll(String callerPhrase) {
        String phrase = clean(callerPhrase);
        return release(phrase != null ? phrase : "on OdysseyGuard.releaseAll()", Tracker.ALL);
    }

    private static int release(String phrase, Predicate<Claimed> which) {
        return Release.of(which, phrase, Releaser.releaseTimeoutMillis(), phrase);
    }

    /** The caller's phrase on one line, at most {@value #MAX_PHRASE_LENGTH} characters; null when blank. */
    public static String clean(String phrase) {
        if (phrase == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(phrase.length(), MAX_PHRASE_LENGTH));
        for (int i = 0; i < phrase.length() && b.length() < MAX_PHRASE_LENGTH; i++) {
            char c = phrase.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        String text = b.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
