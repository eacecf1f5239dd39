package io.odysseyguard.localserver;

import java.util.Collection;
import java.util.Locale;

/**
 * The flag closest to a mistyped one, for the command line's "Did you mean": at most two edits away (a letter left out,
 * added, changed, or two neighbours swapped: optimal string alignment, a restricted Damerau-Levenshtein distance; one
 * edit for names of up to four letters), or the start of exactly one flag ({@code --heartbeat} for
 * {@code --heartbeat-timeout}). Leading dashes and case do not count ({@code -port}, {@code --Port}). Nothing close:
 * null, so the message never guesses wildly. The agent's {@code DidYouMean} works the same way; picocli's own
 * suggestions only list the flags that share the first two letters ({@code --help} for {@code --heartbeat-timout}).
 */
final class DidYouMean {
    static final int MAX_EDITS = 2;
    /** A shorter start than this matches too much to suggest anything. */
    static final int MIN_PREFIX = 3;

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
            int edits = distance(g, n);
            if (edits < bestEdits && edits <= (n.length() <= 4 ? 1 : MAX_EDITS)) {
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

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
