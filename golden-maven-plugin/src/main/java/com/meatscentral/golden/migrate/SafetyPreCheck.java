package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The migration safety check that runs before any container: the checkout's migration files
 * ({@link CheckoutMigrations}) that django_migrations lacks are classified and listed, and a
 * breaking one not accepted by name ({@code golden.migrate.allowBreaking}) refuses the run
 * there, before the lock, the image and any container. The image's own listing, which runs
 * later, is the cross-check: it says when the image would apply other migrations than the
 * checkout holds (an image built from another commit); its breaking ones are refused as well.
 * Without migration files under the checkout root (golden run outside the service's checkout),
 * one line says so and the image's listing is the only check, as before.
 */
final class SafetyPreCheck {

    private final Path root;
    private final String environment;
    private final MigrationOptions options;
    private final Console console;
    private CheckoutMigrations checkout;

    SafetyPreCheck(Path root, String environment, MigrationOptions options, Console console) {
        this.root = root;
        this.environment = environment;
        this.options = options;
        this.console = console;
    }

    /** The checkout's migration files, found once. */
    CheckoutMigrations checkout() {
        if (checkout == null) {
            checkout = CheckoutMigrations.find(root);
        }
        return checkout;
    }

    /** One line for a root without migration files: where they were looked for, and what happens instead. */
    String noFiles(String instead) {
        return (root == null ? "No service checkout given" : "No Django migration files under " + root)
                + ": golden runs outside the service's checkout, so " + instead
                + " (-Dgolden.migrate.sourceRoot=<the checkout> checks before any container)";
    }

    /**
     * Lists the checkout's pending migrations with their safety and refuses breaking ones not
     * accepted by name (not in plan or SQL mode, which apply nothing). Nothing to list when the
     * checkout has no migration file (said in one line).
     *
     * @param applied the rows of django_migrations, read through the tunnel
     * @param summary where a refused run's table goes as Markdown (the GitHub step summary)
     */
    void run(Supplier<Set<String>> applied, java.util.function.Consumer<String> summary) {
        long t = System.nanoTime();
        if (checkout().isEmpty()) {
            console.info(noFiles("the safety check waits for the image's listing (a container)"));
            return;
        }
        PendingReport report =
                new PendingReport(environment, checkout().pending(applied.get()), PendingReport.Origin.CHECKOUT);
        console.info("step pre-check: " + Migration.millis(t) + " (" + report.count() + " pending in the checkout "
                + root + ", no container)");
        report.table().forEach(console::info);
        if (!options.planOnly() && !options.sqlOnly()) {
            Optional<GoldenException> refusal = report.refusal(options);
            if (refusal.isPresent()) {
                summary.accept(report.markdown()); // the image's table, which would say it, never comes
                throw refusal.get();
            }
        }
    }

    /**
     * Compares the image's pending migrations of the checkout's apps with the checkout's against
     * {@code applied} (django_migrations as the image's listing saw it): a warning naming each
     * difference (the image's are what migrate applies), else one line.
     */
    void crossCheck(Set<String> applied, PendingReport fromImage, String image) {
        Set<String> apps = checkout().apps();
        Set<String> inImage = new TreeSet<>();
        Set<String> others = new TreeSet<>();
        for (String id : fromImage.ids()) {
            (apps.contains(id.substring(0, id.indexOf('.'))) ? inImage : others).add(id);
        }
        Set<String> inCheckout = checkout().pendingIds(applied);
        String elsewhere = others.isEmpty()
                ? ""
                : "; the image also lists " + others.size() + " of apps without files in the checkout ("
                        + String.join(
                                ", ",
                                others.stream()
                                        .map(id -> id.substring(0, id.indexOf('.')))
                                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)))
                        + ")";
        if (inImage.equals(inCheckout)) {
            console.info("Cross-check: the image " + image + " and the checkout agree on the " + inCheckout.size()
                    + " pending migration" + (inCheckout.size() == 1 ? "" : "s") + " of the checkout's apps"
                    + elsewhere);
            return;
        }
        Set<String> onlyImage = new TreeSet<>(inImage);
        onlyImage.removeAll(inCheckout);
        Set<String> onlyCheckout = new TreeSet<>(inCheckout);
        onlyCheckout.removeAll(inImage);
        List<String> parts = new java.util.ArrayList<>();
        if (!onlyImage.isEmpty()) {
            parts.add("only in the image: " + String.join(", ", onlyImage));
        }
        if (!onlyCheckout.isEmpty()) {
            parts.add("only in the checkout: " + String.join(", ", onlyCheckout));
        }
        console.warn("The image's pending migrations differ from the checkout's: was " + image
                + " built from another commit than the checkout " + root + "? " + String.join("; ", parts)
                + ". The image's are what migrate applies: they are checked below" + elsewhere);
    }
}
