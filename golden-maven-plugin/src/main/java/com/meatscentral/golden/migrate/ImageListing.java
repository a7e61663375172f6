package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pending migrations as the image about to run sees them: pending.py in a read-only
 * container of the same image, environment and tunnel as the migration (what migrate will
 * apply, Django's own apps included, and each migration's SQL on request).
 */
final class ImageListing {

    private ImageListing() {}

    static PendingReport list(
            MigrationPlan plan,
            DatabaseUrl url,
            MigrationContainer lister,
            List<String> command,
            boolean sql,
            String containerName,
            Duration timeout,
            Console console) {
        Map<String, String> env = new java.util.LinkedHashMap<>(plan.containerEnv(url));
        if (sql) {
            env.put("GOLDEN_MIGRATE_SQL", "1");
        }
        console.info("Listing pending migrations: " + String.join(" ", command.subList(0, command.size() - 1))
                + " <pending.py>");
        int exit = lister.run(plan.image(), env, command, containerName, timeout);
        if (exit != 0) {
            throw new GoldenException(
                    "Listing the pending migrations failed (exit " + exit + "); last lines:" + System.lineSeparator()
                            + "  " + String.join(System.lineSeparator() + "  ", lister.lastLines()),
                    "the image's Django could not start against the database (settings, environment, DATABASE_URL); nothing was applied");
        }
        return new PendingReport(plan.environment(), PendingMigrations.parse(lister.captured(), lister.lastLines()));
    }
}
