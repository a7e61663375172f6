package com.meatscentral.golden.migrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One JDBC session through the tunnel, as golden opens it for the connectivity check, the
 * django_migrations read and the migration lock: the same TLS as the migration container
 * ({@code golden.db.sslMode}, the root certificate on this machine) and, for verify-full (the
 * URL names DB_HOST), the socket sent to the tunnel's end ({@code hostaddr}) through
 * {@link TunnelSocketFactory}, so no session ever goes to DB_HOST directly.
 */
final class DatabaseSession {

    private DatabaseSession() {}

    /**
     * @param rootCertFile         the root certificate on this machine; null when TLS verifies none
     * @param applicationName      what {@code pg_stat_activity} shows (at most 63 characters are kept)
     * @param socketTimeoutSeconds bounds each read (0 = none)
     */
    static Connection open(
            DatabaseUrl url, DatabaseTls tls, Path rootCertFile, String applicationName, int socketTimeoutSeconds)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", url.user());
        props.setProperty("password", url.password());
        props.setProperty("connectTimeout", "15");
        props.setProperty("loginTimeout", "20");
        props.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        props.setProperty(
                "ApplicationName", applicationName.length() > 63 ? applicationName.substring(0, 63) : applicationName);
        props.setProperty("sslmode", tls.mode().libpq());
        if (rootCertFile != null) {
            props.setProperty("sslrootcert", rootCertFile.toString());
        }
        String hostaddr = url.options().get("hostaddr");
        if (hostaddr != null) {
            props.setProperty("socketFactory", TunnelSocketFactory.class.getName());
            props.setProperty("socketFactoryArg", hostaddr + ":" + url.port());
        }
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
