package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ssh.PortForward;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Proves the whole path before a migration runs: the bastion reaches the database (one
 * channel opened and closed), then pgjdbc logs in through the tunnel and runs
 * {@code SELECT version()}. A failure names the leg: forward or database login.
 */
public final class DatabaseCheck {

    private DatabaseCheck() {
    }

    /** Returns the server's version string. {@code url} points at the tunnel's local end. */
    public static String check(PortForward tunnel, DatabaseUrl url, Console console) {
        tunnel.probe(); // ForwardException: the bastion cannot reach DB_HOST:DB_PORT
        int failuresBefore = tunnel.openFailures();
        Properties props = new Properties();
        props.setProperty("user", url.user());
        props.setProperty("password", url.password());
        props.setProperty("connectTimeout", "15");
        props.setProperty("loginTimeout", "20");
        props.setProperty("socketTimeout", "30");
        props.setProperty("ApplicationName", "golden-migrate-check");
        props.setProperty("sslmode", "prefer");
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            String version = rs.getString(1);
            console.info("Database reachable through the tunnel: " + version);
            return version;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) {
                throw new GoldenException("Database login refused for user " + url.user() + " on " + tunnel.target()
                        + " (through the tunnel; SQLState " + state + ")",
                        "the SSH leg and the forward work: check DB_USER / DB_PASSWORD (and pg_hba.conf for this client)", null);
            }
            if (state.equals("3D000")) {
                throw new GoldenException("Database " + url.name() + " does not exist on " + tunnel.target()
                        + " (SQLState 3D000)", "check DB_NAME for this environment", null);
            }
            if (tunnel.openFailures() > failuresBefore) {
                throw new GoldenException("The bastion could not reach the database " + tunnel.target() + ": "
                        + tunnel.lastOpenFailure(),
                        "check DB_HOST/DB_PORT and that the bastion may reach the database", null);
            }
            throw new GoldenException("Database check through the tunnel failed" + (state.isEmpty() ? "" : " (SQLState " + state + ")")
                    + ": " + e.getMessage(),
                    "the SSH login and the forward to " + tunnel.target() + " work: is it a PostgreSQL server? check DB_PORT", null);
        }
    }
}
