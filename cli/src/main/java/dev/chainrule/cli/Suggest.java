package dev.chainrule.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?" for a misspelt command, option or value: the nearest name by edit distance. */
final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate nearest to {@code typed} (optimal string alignment distance: insertions,
     * deletions, substitutions and swaps of neighbours each count 1, case ignored), when it is
     * close enough to be a slip: at most 2 edits, and fewer than half the typed length; else null.
     */
    static String nearest(String typed, Collection<String> candidates) {
        if (typed == null || typed.isEmpty()) {
            return null;
        }
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int bare = t.replaceFirst("^-+", "").length();
        return bestDistance > 0 && bestDistance <= 2 && bestDistance * 2 < Math.max(bare, 2) ? best : null;
    }

    /** {@code "; did you mean X?"}, or the empty string when nothing is near. */
    static String didYouMean(String typed, Collection<String> candidates) {
        String n = nearest(typed, candidates);
        return n == null ? "" : "; did you mean " + n + "?";
    }

    /**
     * The message for a value that is not one of {@code candidates}:
     * {@code --activation: unknown activation 'rleu'; did you mean relu? (expected one of relu, ...)}.
     */
    static String unknown(String option, String kind, String value, List<String> candidates) {
        String near = nearest(value, candidates);
        return option + ": unknown " + kind + " '" + value + "'"
                + (near == null ? "; expected one of " + String.join(", ", candidates)
                : "; did you mean " + near + "? (expected one of " + String.join(", ", candidates) + ")");
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
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
