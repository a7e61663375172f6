package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a migration run treats what is pending, besides the plan of where it runs.
 *
 * @param planOnly      list the pending migrations (with their safety) and stop ({@code -Dgolden.migrate.plan})
 * @param sqlOnly       also print each pending migration's SQL and stop ({@code -Dgolden.migrate.sql})
 * @param allowBreaking migrations accepted although breaking, as {@code app.name} or {@code name}; never a pattern
 * @param lockWait      how long to wait for another runner's migration lock on the same database
 */
public record MigrationOptions(boolean planOnly, boolean sqlOnly, List<String> allowBreaking, Duration lockWait) {

    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);

    public static final MigrationOptions DEFAULTS = new MigrationOptions(false, false, List.of(), DEFAULT_LOCK_WAIT);

    public MigrationOptions {
        allowBreaking = List.copyOf(allowBreaking == null ? List.of() : allowBreaking);
        lockWait = lockWait == null || lockWait.isNegative() ? DEFAULT_LOCK_WAIT : lockWait;
    }

    /** Parses {@code -Dgolden.migrate.allowBreaking} (comma or space separated); refuses wildcards and "all". */
    public static List<String> allowBreaking(String csv) {
        List<String> names = new ArrayList<>();
        if (csv == null || csv.isBlank()) {
            return names;
        }
        List<String> bad = new ArrayList<>();
        for (String n : csv.strip().split("[,\\s]+")) {
            if (n.isEmpty()) {
                continue;
            }
            if (!n.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?") || n.equalsIgnoreCase("all")) {
                bad.add(n);
            } else {
                names.add(n);
            }
        }
        if (!bad.isEmpty()) {
            throw new GoldenException(
                    "golden.migrate.allowBreaking accepts migration names only, not " + String.join(", ", bad)
                            + " (no wildcard: each breaking migration is accepted on purpose, by name)",
                    "name each migration as app.name, e.g. -Dgolden.migrate.allowBreaking=customers.0005_remove_customer_fax");
        }
        return names;
    }

    /** Whether {@code app.name} was accepted (as {@code app.name} or just {@code name}). */
    public boolean allows(String app, String name) {
        return allowBreaking.contains(app + "." + name) || allowBreaking.contains(name);
    }
}
