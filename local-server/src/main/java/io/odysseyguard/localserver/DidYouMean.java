package io.odysseyguard.localserver;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Locale;

/**
 * The flag closest to a mistyped one, for the command line's "Did you mean": at most two edits away (a letter left out,
 * added or changed; two neighbours swapped count as two), or the start of exactly one flag ({@code --heartbeat} for
 * {@code --heartbeat-timeout}). Leading dashes and case do not count ({@code -port}, {@code --Port}). Nothing close:
 * null, so the message never guesses wildly. picocli's own suggestions only list the flags that share the first two
 * letters ({@code --help} for {@code --heartbeat-timout}).
 */
final class DidYouMean {
    static final int MAX_EDITS = 2;
    /** A shorter start than this matches too much to suggest anything. */
    static final int MIN_PREFIX = 3;
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(MAX_EDITS);

    private DidYouMean() {
    }

    /** The known flag closest to {@code given}, or null when none is close; ties go to the earlier one. */
    static String closest(String given, Collection<String> known) {
        String g = normalize(given);
        if (g.isEmpty()) {
            return null;
        }
        String best = null;
        int bestEdits = MAX_EDITS + 1;
        String prefixOf = null;
        int prefixes = 0;
        for (String k : known) {
            String n = normalize(k);
            int edits = DISTANCE.apply(g, n); // -1: more than MAX_EDITS
            if (edits >= 0 && edits < bestEdits) {
                best = k;
                bestEdits = edits;
            }
            if (g.length() >= MIN_PREFIX && n.startsWith(g)) {
                prefixOf = k;
                prefixes++;
            }
        }
        if (best != null) {
            return best;
        }
        return prefixes == 1 ? prefixOf : null;
    }

    private static String normalize(String flag) {
        int start = 0;
        while (start < flag.length() && flag.charAt(start) == '-') {
            start++;
        }
        return flag.substring(start).toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
