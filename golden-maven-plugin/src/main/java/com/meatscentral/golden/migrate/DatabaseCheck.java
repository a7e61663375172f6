package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.PortForward;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Proves the whole path before a migration runs: the bastion reaches the database (one
 * channel opened and closed), then pgjdbc logs in through the tunnel and runs
 * {@code SELECT version()}. A failure names the leg: forward or database login.
 */
public final class DatabaseCheck {

    private DatabaseCheck() {}

    /** Returns the server's version string. {@code url} points at the tunnel's local end; TLS as before (prefer). */
    public static String check(PortForward tunnel, DatabaseUrl url, Console console) {
        return check(tunnel, url, DatabaseTls.PREFER, null, console);
    }

    /**
     * As {@link #check(PortForward, DatabaseUrl, Console)} with {@code tls} ({@code golden.db.sslMode}).
     * A {@code hostaddr} option in {@code url} (verify-full: the URL names DB_HOST) is where the
     * socket goes, through {@link TunnelSocketFactory}; {@code rootCertFile} is the root certificate
     * on this machine (the URL's {@code sslrootcert} is its path inside the container).
     */
    public static String check(
            PortForward tunnel, DatabaseUrl url, DatabaseTls tls, java.nio.file.Path rootCertFile, Console console) {
        tunnel.probe(); // ForwardException: the bastion cannot reach DB_HOST:DB_PORT
        int failuresBefore = tunnel.openFailures();
        try (Connection c = DatabaseSession.open(url, tls, rootCertFile, "golden-migrate-check", 30);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            String version = rs.getString(1);
            console.info("Database reachable through the tunnel: " + version);
            return version;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) {
                throw new GoldenException(
                        "Database login refused for user " + url.user() + " on " + tunnel.target()
                                + " (through the tunnel; SQLState " + state + ")",
                        "the SSH leg and the forward work: check DB_USER / DB_PASSWORD (and pg_hba.conf for this client)",
                        null);
            }
            if (state.equals("3D000")) {
                throw new GoldenException(
                        "Database " + url.name() + " does not exist on " + tunnel.target() + " (SQLState 3D000)",
                        "check DB_NAME for this environment",
                        null);
            }
            if (tls.mode() != DatabaseTls.Mode.PREFER
                    && (state.equals("08004")
                            || state.equals("08006")
                            || String.valueOf(e.getMessage())
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .matches(".*(ssl|certificate|hostname).*"))) {
                throw new GoldenException(
                        "TLS to the database " + tunnel.target() + " failed with golden.db.sslMode="
                                + tls.mode().libpq() + (state.isEmpty() ? "" : " (SQLState " + state + ")") + ": "
                                + e.getMessage(),
                        "the server must offer TLS with a certificate signed by the root certificate"
                                + (tls.rootCertVariable() == null ? "" : " in " + tls.rootCertVariable())
                                + (tls.mode() == DatabaseTls.Mode.VERIFY_FULL
                                        ? " and issued for DB_HOST (" + url.host() + ")"
                                        : "")
                                + "; this may also be an attack on the bastion-to-database leg",
                        null);
            }
            if (tunnel.openFailures() > failuresBefore) {
                throw new GoldenException(
                        "The bastion could not reach the database " + tunnel.target() + ": " + tunnel.lastOpenFailure(),
                        "check DB_HOST/DB_PORT and that the bastion may reach the database",
                        null);
            }
            throw new GoldenException(
                    "Database check through the tunnel failed" + (state.isEmpty() ? "" : " (SQLState " + state + ")")
                            + ": " + e.getMessage(),
                    "the SSH login and the forward to " + tunnel.target()
                            + " work: is it a PostgreSQL server? check DB_PORT",
                    null);
        }
    }
}
