package com.meatscentral.golden.migrate;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.ssh.PortForward;
import com.meatscentral.golden.ssh.SshSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bastion-tunnel migration: SSH to the bastion, forward 127.0.0.1:port to the
 * database, check it with {@code SELECT version()}, run the migration container on the host
 * network, and always clean up (container, tunnel, SSH) — on success, failure, exception and
 * Ctrl-C. Each step's duration is logged.
 */
public final class Migration {

    private final Redactor redactor;
    private final Console console;
    private final Supplier<DockerClient> docker;
    private java.time.Duration timeout = java.time.Duration.ofMinutes(30);
    private DatabaseTls tls = DatabaseTls.PREFER;

    /** Where the database's root certificate is mounted in the migration container (verify-ca / verify-full). */
    static final String ROOT_CERT_IN_CONTAINER = "/run/golden/db-root.crt";

    private MigrationOptions options = MigrationOptions.DEFAULTS;
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

    public Result run(MigrationPlan plan) {
        registerSecrets(plan);
        plan.commandWarnings().forEach(console::warn);
        Cleanup cleanup = new Cleanup(console);
        Thread hook = new Thread(
                () -> {
                    console.warn("interrupted: cleaning up the migration (container, tunnel, SSH)");
                    cleanup.run();
                },
                "golden-migrate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        long total = System.nanoTime();
        try {
            return steps(plan, cleanup);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook ran (or runs) the same, idempotent cleanup
            }
            console.info("migrate: total " + millis(total));
        }
    }

    private Result steps(MigrationPlan plan, Cleanup cleanup) {
        long t = System.nanoTime();
        SshSession ssh = SshSession.connect(plan.ssh(), console);
        cleanup.add("SSH disconnected from " + plan.ssh().host(), ssh::close);
        console.info("step ssh-connect: " + millis(t));

        t = System.nanoTime();
        PortForward tunnel = ssh.forward(plan.tunnelPort(), plan.dbHost(), plan.dbPort());
        cleanup.add("tunnel 127.0.0.1:" + tunnel.localPort() + " closed", tunnel::close);
        java.nio.file.Path rootCert = null;
        if (tls.rootCertPem() != null) {
            java.nio.file.Path dir = tempDir();
            cleanup.add("root certificate " + dir + " removed", () -> deleteTree(dir));
            rootCert = tls.writeRootCert(dir);
        }
        DatabaseUrl url = DatabaseUrl.throughTunnel(
                plan.dbUser(),
                plan.dbPassword(),
                plan.dbHost(),
                tunnel.localPort(),
                plan.dbName(),
                tls,
                rootCert == null ? null : ROOT_CERT_IN_CONTAINER);
        redactor.register(url.value());
        String version = DatabaseCheck.check(tunnel, url, tls, rootCert, console);
        console.info("step tunnel+check: " + millis(t) + " (tunnel usable)");

        t = System.nanoTime();
        DockerClient client = docker.get();
        cleanup.add("docker client closed", () -> DockerClients.closeQuietly(client));
        MigrationContainer container = new MigrationContainer(client, redactor, console);
        if (rootCert != null) {
            container.mountReadOnly(rootCert, ROOT_CERT_IN_CONTAINER);
        }
        container.ensureImage(plan.image(), plan.registryAuth());
        console.info("step image: " + millis(t));

        MigrationContainer lister = new MigrationContainer(client, redactor, console).capture(PendingMigrations.MARKER);
        String[] lost = new String[1];
        ssh.onDisconnect(reason -> {
            lost[0] = reason;
            console.error(
                    "SSH connection to the bastion lost during the migration: " + reason + "; stopping the container");
            lister.kill();
            container.kill();
        });
        Optional<List<String>> listCommand = PendingMigrations.listCommand(plan.command());
        int pending = -1;
        if (listCommand.isPresent()) {
            t = System.nanoTime();
            cleanup.add("listing container removed", lister::remove);
            requireConnected(plan, lost);
            PendingReport report = list(plan, url, lister, listCommand.get(), lost);
            lister.remove();
            console.info("step pending: " + millis(t) + " (" + report.count() + " pending)");
            pending = report.count();
            report.table().forEach(console::info);
            actions.appendStepSummary(report.markdown());
            if (options.sqlOnly() || options.planOnly()) {
                if (options.sqlOnly()) {
                    report.sql().forEach(console::info);
                }
                console.info("Nothing applied (" + (options.sqlOnly() ? "golden.migrate.sql" : "golden.migrate.plan")
                        + "=true)");
                return new Result(version, tunnel.localPort(), 0, pending, false);
            }
            report.unusedAllowances(options)
                    .forEach(n -> console.warn(
                            "golden.migrate.allowBreaking names " + n + ", which is not a pending breaking migration"));
            Optional<GoldenException> refusal = report.refusal(options);
            if (refusal.isPresent()) {
                throw refusal.get();
            }
        } else if (options.sqlOnly() || options.planOnly()) {
            throw new GoldenException(
                    "golden.migrate.plan/sql need Django's migrate command, not " + String.join(" ", plan.command()),
                    "drop -Dgolden.migrate.command (the default is python manage.py migrate --fake-initial --noinput)");
        } else {
            console.info("The migration command is not Django's full migrate (" + String.join(" ", plan.command())
                    + "): no pending list or safety check");
        }

        t = System.nanoTime();
        requireConnected(plan, lost);
        MigrationLock lock = MigrationLock.acquire(url, holderName(plan), options.lockWait(), console);
        cleanup.add("migration lock of " + plan.dbName() + " released", lock::close);
        console.info("step lock: " + millis(t));

        t = System.nanoTime();
        cleanup.add("migration container removed", container::remove);
        requireConnected(plan, lost);
        console.info("Running " + String.join(" ", plan.command()) + " in " + plan.image()
                + " (network host, DATABASE_URL=" + url + ")");
        int exit = container.run(plan.image(), plan.containerEnv(url), plan.command(), containerName(plan), timeout);
        console.info("step migration: " + millis(t) + " (exit " + exit + ")");
        if (lost[0] != null) {
            throw new GoldenException(
                    "The SSH connection to the bastion " + plan.ssh().host() + " was lost during the migration: "
                            + lost[0] + " (container exit " + exit + ")",
                    "check the bastion (sshd, network); migrations are transactional per migration, re-run golden:migrate");
        }
        if (exit != 0) {
            throw new MigrationFailedException(exit, container.lastLines());
        }
        console.info("Migrations applied for " + plan.environment());
        return new Result(version, tunnel.localPort(), exit, pending, true);
    }

    private static void requireConnected(MigrationPlan plan, String[] lost) {
        if (lost[0] != null) {
            throw new GoldenException(
                    "The SSH connection to the bastion " + plan.ssh().host()
                            + " was lost before the migration started: " + lost[0],
                    "check the bastion (sshd, network) and re-run golden:migrate; nothing was migrated");
        }
    }

    /** Runs the read-only listing in the same image, environment and tunnel as the migration. */
    private PendingReport list(
            MigrationPlan plan, DatabaseUrl url, MigrationContainer lister, List<String> command, String[] lost) {
        Map<String, String> env = new java.util.LinkedHashMap<>(plan.containerEnv(url));
        if (options.sqlOnly()) {
            env.put("GOLDEN_MIGRATE_SQL", "1");
        }
        console.info("Listing pending migrations: " + String.join(" ", command.subList(0, command.size() - 1))
                + " <pending.py>");
        int exit = lister.run(plan.image(), env, command, containerName(plan) + "-plan", timeout);
        requireConnected(plan, lost);
        if (exit != 0) {
            throw new GoldenException(
                    "Listing the pending migrations failed (exit " + exit + "); last lines:" + System.lineSeparator()
                            + "  " + String.join(System.lineSeparator() + "  ", lister.lastLines()),
                    "the image's Django could not start against the database (settings, environment, DATABASE_URL); nothing was applied");
        }
        return new PendingReport(plan.environment(), PendingMigrations.parse(lister.captured(), lister.lastLines()));
    }

    /** The lock session's application_name: what a waiting runner prints about the holder. */
    private static String holderName(MigrationPlan plan) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return "golden-migrate " + plan.environment() + " " + System.getProperty("user.name") + "@" + host + " pid "
                + ProcessHandle.current().pid();
    }

    private static String containerName(MigrationPlan plan) {
        return "golden-migrate-" + plan.environment().replaceAll("[^a-zA-Z0-9_.-]", "-") + "-"
                + ProcessHandle.current().pid();
    }

    /** Before anything can print them: every secret value, and DATABASE_URL once built. */
    private void registerSecrets(MigrationPlan plan) {
        for (String s : List.of(
                nz(plan.ssh().password()),
                nz(plan.ssh().privateKey()),
                nz(plan.ssh().passphrase()),
                nz(plan.dbPassword()),
                nz(plan.secretKey()),
                nz(plan.registryAuth().password()))) {
            redactor.register(s);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String millis(long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return ms >= 10_000 ? String.format("%.1f s", ms / 1000.0) : ms + " ms";
    }

    private static java.nio.file.Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("golden-db-tls");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for the database root certificate", e);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: it held a public certificate only
        }
    }
}
