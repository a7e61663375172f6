package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.secrets.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bastion-tunnel migration: SSH to the bastion, forward 127.0.0.1:port to the
 * database, check it with {@code SELECT version()}; then, in this order, the pre-check of the
 * checkout's pending migration files (no container: a breaking one is refused here), the
 * database's migration lock, the image's own listing (the cross-check), and the migration
 * container on the host network; and always clean up (container, lock, tunnel, SSH) — on
 * success, failure, exception and Ctrl-C. Each step's duration is logged.
 *
 * <p>Over 250 lines on purpose: {@code steps} is that order, written once, top to bottom, with
 * one cleanup list that each step adds to as it acquires something; the steps' own work lives in
 * their classes ({@link DatabaseTunnel}, {@link SafetyPreCheck}, {@link MigrationImagePull},
 * {@link MigrationLock}, {@link ImageListing}, {@link MigrationContainer}).
 */
public final class Migration {

    private final Redactor redactor;
    private final Console console;
    private final Supplier<DockerClient> docker;
    private java.time.Duration timeout = java.time.Duration.ofMinutes(30);
    private DatabaseTls tls = DatabaseTls.PREFER;
    private boolean inProcess = true;

    /** Where the database's root certificate is mounted in the migration container (verify-ca / verify-full). */
    static final String ROOT_CERT_IN_CONTAINER = "/run/golden/db-root.crt";

    private MigrationOptions options = MigrationOptions.DEFAULTS;
    private java.nio.file.Path checkout;
    private GitHubActions actions = new GitHubActions(Map.of(), line -> {});

    /** {@code dockerEnv} is the environment DockerClients reads DOCKER_HOST from. */
    public Migration(Redactor redactor, Console console, Map<String, String> dockerEnv) {
        this(redactor, console, () -> DockerClients.connect(dockerEnv));
    }

    Migration(Redactor redactor, Console console, Supplier<DockerClient> docker) {
        this.redactor = redactor;
        this.console = console;
        this.docker = docker;
    }

    /** How long the migration command may run before it is killed and the goal fails (default 30 min). */
    public Migration timeout(java.time.Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** TLS of the bastion-to-database leg for the check and DATABASE_URL ({@code golden.db.sslMode}; default prefer). */
    public Migration databaseTls(DatabaseTls tls) {
        this.tls = tls == null ? DatabaseTls.PREFER : tls;
        return this;
    }

    /**
     * Whether Django's migrate (plain flags) may run in the listing's container and process once the
     * listing is judged ({@code golden.migrate.inProcess}, default true); false: a container of its
     * own, started with the image's ENTRYPOINT and {@code manage.py} as the command says (one more
     * container and Django start, about 1 s), for a project whose {@code manage.py} does more than
     * Django's.
     */
    public Migration inProcess(boolean inProcess) {
        this.inProcess = inProcess;
        return this;
    }

    /** Plan or SQL only, accepted breaking migrations, how long to wait for another runner's lock. */
    public Migration options(MigrationOptions options) {
        this.options = options;
        return this;
    }

    /** Where the pending list goes as a step summary (inactive outside GitHub Actions). */
    public Migration actions(GitHubActions actions) {
        this.actions = actions;
        return this;
    }

    /**
     * What happened, for the caller's summary.
     *
     * @param pending migrations that were pending before the run; -1 when the command is not Django's migrate
     * @param applied false when only the plan (or its SQL) was shown
     */
    public record Result(String databaseVersion, int tunnelPort, int exitCode, int pending, boolean applied) {}

    /**
     * The service's checkout, whose migration files are classified before any container runs
     * ({@code golden.migrate.sourceRoot}, default the project's directory); null = none.
     */
    public Migration checkout(java.nio.file.Path root) {
        this.checkout = root;
        return this;
    }

    public Result run(MigrationPlan plan) {
        plan.secretValues().forEach(redactor::register); // before anything can print them
        plan.commandWarnings().forEach(console::warn);
        Optional<List<String>> listCommand = PendingMigrations.listCommand(plan.command());
        if (listCommand.isEmpty() && (options.sqlOnly() || options.planOnly())) {
            throw new GoldenException(
                    "golden.migrate.plan/sql need Django's migrate command, not " + String.join(" ", plan.command()),
                    "drop -Dgolden.migrate.command (the default is python manage.py migrate --fake-initial --noinput)");
        }
        return Cleanup.around(console, cleanup -> steps(plan, listCommand, cleanup));
    }

    /**
     * How many of the checkout's migration files the environment's database has not applied:
     * django_migrations read through the tunnel, no container and no Docker (golden:status).
     * Empty, said in one line and without connecting, when the checkout has no migration file.
     */
    public java.util.OptionalInt pendingInCheckout(MigrationPlan plan) {
        plan.secretValues().forEach(redactor::register); // before anything can print them
        SafetyPreCheck check = new SafetyPreCheck(checkout, plan.environment(), options, console);
        if (check.checkout().isEmpty()) {
            console.warn(check.noFiles("the pending count needs -Dgolden.status.pendingFromImage=true (a container)"));
            return java.util.OptionalInt.empty();
        }
        return Cleanup.around(console, cleanup -> {
            DatabaseTunnel db = DatabaseTunnel.open(plan, tls, cleanup, redactor, console);
            PendingReport report = new PendingReport(
                    plan.environment(), check.checkout().pending(db.applied()), PendingReport.Origin.CHECKOUT);
            report.table().forEach(console::info);
            return java.util.OptionalInt.of(report.count());
        });
    }

    /** Tunnel and check, pre-check of the checkout (no container), image, lock, the image's listing, migration. */
    private Result steps(MigrationPlan plan, Optional<List<String>> listCommand, Cleanup cleanup) {
        // docker-java's classes load while the tunnel opens and the database is checked (~0.4 s of class loading
        // in a one-goal JVM); the engine itself is not asked before the pre-check has passed.
        DockerClients.warmInBackground();
        DatabaseTunnel db = DatabaseTunnel.open(plan, tls, cleanup, redactor, console);
        DatabaseUrl url = db.url;
        String version = db.version;
        boolean applyNothing = options.sqlOnly() || options.planOnly();
        SafetyPreCheck check = new SafetyPreCheck(checkout, plan.environment(), options, console);
        if (listCommand.isPresent()) {
            check.run(db::applied, actions::appendStepSummary);
        }

        long t = System.nanoTime();
        DockerClient client = docker.get();
        cleanup.add("docker client closed", () -> DockerClients.closeQuietly(client));
        MigrationContainer container = newContainer(client, db);
        MigrationImagePull.ensure(client, plan.image(), plan.registryAuth(), redactor, console);
        console.info("step image: " + millis(t));

        MigrationContainer lister = newContainer(client, db).capture(PendingMigrations.MARKER);
        // A migration that follows a listing runs in the listing's container once golden has judged the
        // listing (one create, start and removal of a container, and one start of the image, saved).
        // Only Django's migrate with plain flags: it runs in the listing's process, where the image's ENTRYPOINT
        // already ran. Any other command (--settings, --pythonpath) gets a container of its own, as it always did.
        // (A command the listing's process can run is one listCommand lists.)
        Optional<String> verdict =
                inProcess && !applyNothing ? PendingMigrations.verdict(plan.command()) : Optional.empty();
        boolean gated = verdict.isPresent();
        String[] lost = new String[1];
        db.ssh.onDisconnect(reason -> {
            lost[0] = reason;
            console.error(
                    "SSH connection to the bastion lost during the migration: " + reason + "; stopping the container");
            lister.kill();
            container.kill();
        });
        if (!applyNothing) {
            // Before the image's listing: what it lists is then what this run applies, no other runner in between.
            t = System.nanoTime();
            requireConnected(plan, lost);
            MigrationLock lock = db.lock(MigrationLock.holderName(plan.environment()), options.lockWait(), console);
            cleanup.add("migration lock of " + plan.dbName() + " released", lock::close);
            console.info("step lock: " + millis(t));
        }
        int pending = -1;
        if (listCommand.isPresent()) {
            t = System.nanoTime();
            cleanup.add(gated ? "migration container removed" : "listing container removed", lister::remove);
            requireConnected(plan, lost);
            PendingReport report = gated
                    ? ImageListing.listThenWait(
                            plan, url, lister, listCommand.get(), containerName(plan), timeout, console)
                    : ImageListing.list(
                            plan,
                            url,
                            lister,
                            listCommand.get(),
                            options.sqlOnly(),
                            containerName(plan) + "-plan",
                            timeout,
                            console);
            requireConnected(plan, lost);
            if (!gated) {
                lister.remove();
            }
            console.info("step pending: " + millis(t) + " (" + report.count() + " pending in the image)");
            pending = report.count();
            report.table().forEach(console::info);
            actions.appendStepSummary(report.markdown());
            if (!check.checkout().isEmpty()) { // the pre-check ran (the listing is present here)
                // django_migrations read again: another runner may have migrated while this one waited for the lock
                check.crossCheck(db.applied(), report, plan.image());
            }
            if (applyNothing) {
                if (options.sqlOnly()) {
                    report.sql().forEach(console::info);
                }
                console.info("Nothing applied (" + (options.sqlOnly() ? "golden.migrate.sql" : "golden.migrate.plan")
                        + "=true)");
                return new Result(version, db.forward.localPort(), 0, pending, false);
            }
            report.unusedAllowances(options)
                    .forEach(n -> console.warn(
                            "golden.migrate.allowBreaking names " + n + ", which is not a pending breaking migration"));
            Optional<GoldenException> refusal = report.refusal(options);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
        } else {
            console.info("The migration command is not Django's full migrate (" + String.join(" ", plan.command())
                    + "): no pending list or safety check");
        }

        t = System.nanoTime();
        requireConnected(plan, lost);
        console.info("Running " + String.join(" ", plan.command()) + " in " + plan.image()
                + " (network host, DATABASE_URL=" + url + ")");
        MigrationContainer ran = container;
        int exit;
        if (gated && ImageListing.migrateIn(lister, verdict.get())) {
            ran = lister;
            exit = lister.awaitExit(timeout);
        } else {
            if (gated) {
                lister.remove(); // the engine would not take the verdict file: the migration gets its own container
            }
            cleanup.add("migration container removed", container::remove);
            exit = container.run(plan.image(), plan.containerEnv(url), plan.command(), containerName(plan), timeout);
        }
        console.info("step migration: " + millis(t) + " (exit " + exit + ")");
        if (lost[0] != null) {
            throw new GoldenException(
                    "The SSH connection to the bastion " + plan.ssh().host() + " was lost during the migration: "
                            + lost[0] + " (container exit " + exit + ")",
                    "check the bastion (sshd, network); migrations are transactional per migration, re-run golden:migrate");
        }
        if (exit != 0) {
            throw new MigrationFailedException(exit, ran.lastLines());
        }
        console.info("Migrations applied for " + plan.environment());
        return new Result(version, db.forward.localPort(), exit, pending, true);
    }

    /**
     * A container for the listing or the migration, with the database's root certificate where
     * DATABASE_URL's sslrootcert names it: the listing connects as the migration does.
     */
    private MigrationContainer newContainer(DockerClient client, DatabaseTunnel db) {
        MigrationContainer container = new MigrationContainer(client, redactor, console);
        if (db.rootCert != null) {
            container.mountReadOnly(db.rootCert, ROOT_CERT_IN_CONTAINER);
        }
        return container;
    }

    private static void requireConnected(MigrationPlan plan, String[] lost) {
        if (lost[0] != null) {
            throw new GoldenException(
                    "The SSH connection to the bastion " + plan.ssh().host()
                            + " was lost before the migration started: " + lost[0],
                    "check the bastion (sshd, network) and re-run golden:migrate; nothing was migrated");
        }
    }

    static String containerName(MigrationPlan plan) {
        return "golden-migrate-" + plan.environment().replaceAll("[^a-zA-Z0-9_.-]", "-") + "-"
                + ProcessHandle.current().pid();
    }

    static String millis(long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return ms >= 10_000 ? String.format("%.1f s", ms / 1000.0) : ms + " ms";
    }
}
