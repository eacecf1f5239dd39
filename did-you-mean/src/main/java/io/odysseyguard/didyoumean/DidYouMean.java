package io.odysseyguard.didyoumean;

import java.util.Arrays;
import java.util.Locale;

/**
 * The known name closest to a mistyped one, for a "did you mean": at most two edits away (a letter left out, added,
 * changed, or two neighbours swapped: optimal string alignment, a restricted Damerau-Levenshtein distance; one edit
 * for names of up to four letters), or the start of exactly one known name ({@code release} for
 * {@code release-timeout}). Case, leading dashes ({@code -port}, {@code --Port}) and {@code _} against {@code -} do
 * not count. Nothing close: null, so a message never guesses wildly.
 *
 * <p>The one rule for the agent's options and the local server's flags. JDK only, plain loops, no regular expression
 * or lambda: the agent loads it only when a warning needs it, never on a clean start. picocli has a suggester of its
 * own, but it is internal API and lists only the names that share the first two letters.
 */
public final class DidYouMean {
    /** More edits than this and the names have little in common: no suggestion. */
    static final int MAX_EDITS = 2;
    /** A shorter start than this matches too much to suggest anything ({@code e}: enabled or exit-budget). */
    static final int MIN_PREFIX = 3;

    private DidYouMean() {
    }

    /** The known name closest to {@code given}, or null when none is close; ties go to the earlier known name. */
    public static String closest(String given, String... known) {
        return closest(given, Arrays.asList(known));
    }

    /** The known name closest to {@code given}, or null when none is close; ties go to the earlier known name. */
    public static String closest(String given, Iterable<String> known) {
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
            if (edits < bestEdits && edits <= allowedEdits(n)) {
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

    /** Two edits turn a short name into another word ({@code help} into {@code hello}): one for up to four letters. */
    private static int allowedEdits(String known) {
        return known.length() <= 4 ? 1 : MAX_EDITS;
    }

    private static String normalize(String name) {
        String trimmed = name.trim();
        int start = 0;
        while (start < trimmed.length() && trimmed.charAt(start) == '-') {
            start++;
        }
        return trimmed.substring(start).toLowerCase(Locale.ROOT).replace('_', '-');
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
