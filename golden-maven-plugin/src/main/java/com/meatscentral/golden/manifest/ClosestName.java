package com.meatscentral.golden.manifest;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for names the user typed: smallest edit distance, if close enough. */
public final class ClosestName {

    private ClosestName() {}

    public static Optional<String> to(String typed, Collection<String> candidates) {
        // "uat2-frontend" means "uat2": a candidate that is the typed name minus a
        // "-suffix" beats anything closer by letters (legacy names are shorter).
        for (String candidate : candidates) {
            if (typed.toLowerCase(Locale.ROOT).startsWith(candidate.toLowerCase(Locale.ROOT) + "-")) {
                return Optional.of(candidate);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Beyond half the typed length it is a different word, not a typo.
        if (best == null || bestDistance > Math.max(2, typed.length() / 2)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
