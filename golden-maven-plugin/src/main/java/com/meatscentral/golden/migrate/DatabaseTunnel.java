package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.ssh.PortForward;
import com.meatscentral.golden.ssh.SshSession;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * The way to the database every migration step takes: SSH to the environment's droplet (the
 * bastion), forward 127.0.0.1:port to DB_HOST:DB_PORT, write the root certificate when TLS
 * verifies one, build DATABASE_URL through the tunnel, and prove it with the connectivity
 * check. Each resource is registered with the run's {@link Cleanup} as it is acquired. golden's
 * own sessions (django_migrations, the lock) go the same way, with the container's TLS.
 */
final class DatabaseTunnel {

    final SshSession ssh;
    final PortForward forward;
    final DatabaseUrl url;
    final DatabaseTls tls;
    /** The root certificate on this machine; null when TLS verifies none. */
    final Path rootCert;
    /** {@code SELECT version()} through the tunnel. */
    final String version;

    private DatabaseTunnel(
            SshSession ssh, PortForward forward, DatabaseUrl url, DatabaseTls tls, Path rootCert, String version) {
        this.ssh = ssh;
        this.forward = forward;
        this.url = url;
        this.tls = tls;
        this.rootCert = rootCert;
        this.version = version;
    }

    static DatabaseTunnel open(
            MigrationPlan plan, DatabaseTls tls, Cleanup cleanup, Redactor redactor, Console console) {
        long t = System.nanoTime();
        SshSession ssh = SshSession.connect(plan.ssh(), console);
        cleanup.add("SSH disconnected from " + plan.ssh().host(), ssh::close);
        console.info("step ssh-connect: " + Migration.millis(t));

        t = System.nanoTime();
        PortForward tunnel = ssh.forward(plan.tunnelPort(), plan.dbHost(), plan.dbPort());
        cleanup.add("tunnel 127.0.0.1:" + tunnel.localPort() + " closed", tunnel::close);
        Path rootCert = null;
        if (tls.rootCertPem() != null) {
            Path dir = tempDir();
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
                rootCert == null ? null : Migration.ROOT_CERT_IN_CONTAINER);
        redactor.register(url.value());
        String version = DatabaseCheck.check(tunnel, url, tls, rootCert, console);
        console.info("step tunnel+check: " + Migration.millis(t) + " (tunnel usable)");
        return new DatabaseTunnel(ssh, tunnel, url, tls, rootCert, version);
    }

    /** The rows of django_migrations as {@code app.name}, on a session of golden's own (no container). */
    Set<String> applied() {
        try (Connection c = DatabaseSession.open(url, tls, rootCert, "golden-migrate-pending", 30)) {
            return AppliedMigrations.read(c, url.name());
        } catch (SQLException e) {
            throw new GoldenException(
                    "Cannot open a session to read django_migrations of " + url.name() + " (SQLState " + e.getSQLState()
                            + "): " + e.getMessage(),
                    "the connectivity check passed just before: re-run",
                    null);
        }
    }

    /** The migration lock of the database, on a session with the container's TLS. */
    MigrationLock lock(String holder, Duration wait, Console console) {
        return MigrationLock.acquire(url, tls, rootCert, holder, wait, console);
    }

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("golden-db-tls");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a directory for the database root certificate", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // best effort: it held a public certificate only
        }
    }
}
