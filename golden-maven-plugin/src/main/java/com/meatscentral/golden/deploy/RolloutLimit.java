package com.meatscentral.golden.deploy;

import com.meatscentral.golden.GoldenException;

/**
 * How many hosts a rollout switches at a time after the first ({@code golden.deploy.limit}): a
 * count ({@code 2}) or a percentage of the environment's hosts ({@code 50%}, rounded up); at
 * least one. The first host always goes alone (the barrier).
 */
public record RolloutLimit(int count, int percent) {

    public static final RolloutLimit ONE = new RolloutLimit(1, 0);

    /** {@code "1"}, {@code "3"}, {@code "25%"}; null or blank: one at a time. */
    public static RolloutLimit parse(String text) {
        if (text == null || text.isBlank()) {
            return ONE;
        }
        String t = text.trim();
        try {
            if (t.endsWith("%")) {
                int p = Integer.parseInt(t.substring(0, t.length() - 1).trim());
                if (p >= 1 && p <= 100) {
                    return new RolloutLimit(0, p);
                }
            } else {
                int n = Integer.parseInt(t);
                if (n >= 1) {
                    return new RolloutLimit(n, 0);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new GoldenException(
                "golden.deploy.limit is \"" + text + "\": not a count of hosts nor a percentage",
                "give a whole number >= 1 (hosts at a time) or a percentage 1%..100% of the environment's hosts,"
                        + " e.g. -Dgolden.deploy.limit=2 or -Dgolden.deploy.limit=50%");
    }

    /** Hosts at a time for an environment of {@code hosts} hosts. */
    public int batch(int hosts) {
        int n = percent > 0 ? (hosts * percent + 99) / 100 : count;
        return Math.max(1, Math.min(n, hosts));
    }

    @Override
    public String toString() {
        return percent > 0 ? percent + "%" : String.valueOf(count);
    }
}
