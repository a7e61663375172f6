package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The pending migrations as the image about to run sees them: pending.py in a read-only
 * container of the same image, environment and tunnel as the migration (what migrate will
 * apply, Django's own apps included, and each migration's SQL on request). Before a migration
 * that is applied, the same container then waits for golden's verdict and becomes the migration
 * ({@link #listThenWait}, {@link #migrateIn}).
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
        start(plan, url, lister, command, containerName, sql ? Map.of("GOLDEN_MIGRATE_SQL", "1") : Map.of(), console);
        int exit = lister.awaitExit(timeout);
        if (exit != 0) {
            throw failed(exit, lister);
        }
        return report(plan, lister);
    }

    /** The file a gated listing waits for (pending.py's {@code _golden_gate}): the migration command, as JSON. */
    static final String VERDICT = "/golden-migrate-verdict"; // the root: every image has it (not every one has /tmp)

    /** How long a gated listing waits for golden's verdict at most. */
    static final Duration GATE = Duration.ofMinutes(2);

    /**
     * As {@link #list}, in a container that then waits for golden's verdict instead of ending:
     * {@link #migrateIn} makes it run the migration (the image starts once for both: a container's
     * create, start and removal and a Django start saved); removing it refuses.
     */
    static PendingReport listThenWait(
            MigrationPlan plan,
            DatabaseUrl url,
            MigrationContainer container,
            List<String> command,
            String containerName,
            Duration timeout,
            Console console) {
        // golden judges a listing in milliseconds: a container whose JVM was killed stops waiting after GATE.
        String gateSeconds = String.valueOf(Math.max(1, Math.min(GATE.toSeconds(), timeout.toSeconds())));
        start(
                plan,
                url,
                container,
                command,
                containerName,
                Map.of("GOLDEN_MIGRATE_GATE", VERDICT, "GOLDEN_MIGRATE_GATE_SECONDS", gateSeconds),
                console);
        if (!container.awaitCaptured(timeout)) {
            int exit = container.awaitExit(Duration.ofSeconds(30));
            if (exit != 0) {
                throw failed(exit, container);
            }
        }
        return report(plan, container);
    }

    /** Starts pending.py in {@code container} with the migration's environment plus {@code extraEnv}. */
    private static void start(
            MigrationPlan plan,
            DatabaseUrl url,
            MigrationContainer container,
            List<String> command,
            String containerName,
            Map<String, String> extraEnv,
            Console console) {
        Map<String, String> env = new java.util.LinkedHashMap<>(plan.containerEnv(url));
        env.putAll(extraEnv);
        console.info("Listing pending migrations: " + String.join(" ", command.subList(0, command.size() - 1))
                + " <pending.py>");
        container.start(plan.image(), env, command, containerName);
    }

    private static PendingReport report(MigrationPlan plan, MigrationContainer container) {
        return new PendingReport(
                plan.environment(), PendingMigrations.parse(container.captured(), container.lastLines()));
    }

    /**
     * The verdict "migrate" ({@link PendingMigrations#verdict}) for a container waiting after
     * {@link #listThenWait}: it runs the command in place of its listing, in the listing's own
     * process, where Django is set up already. False when the engine would not take the file (then
     * the migration needs a container of its own).
     */
    static boolean migrateIn(MigrationContainer container, String verdict) {
        return container.writeFile(VERDICT, verdict);
    }

    private static GoldenException failed(int exit, MigrationContainer lister) {
        return new GoldenException(
                "Listing the pending migrations failed (exit " + exit + "); last lines:" + System.lineSeparator() + "  "
                        + String.join(System.lineSeparator() + "  ", lister.lastLines()),
                "the image's Django could not start against the database (settings, environment, DATABASE_URL); nothing was applied");
    }
}
