package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Django has applied to the database: the rows of {@code django_migrations}, as
 * {@code app.name}, read on golden's own session through the tunnel (no container). A database
 * without the table (nothing migrated yet) has applied nothing.
 */
final class AppliedMigrations {

    /** PostgreSQL's undefined_table. */
    static final String UNDEFINED_TABLE = "42P01";

    private AppliedMigrations() {}

    static Set<String> read(Connection session, String database) {
        Set<String> applied = new TreeSet<>();
        try (Statement st = session.createStatement();
                ResultSet rs = st.executeQuery("SELECT app, name FROM django_migrations")) {
            while (rs.next()) {
                applied.add(rs.getString(1) + "." + rs.getString(2));
            }
            return applied;
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Set.of();
            }
            throw new GoldenException(
                    "Reading django_migrations of " + database + " through the tunnel failed (SQLState "
                            + e.getSQLState() + "): " + e.getMessage(),
                    "DB_USER must be able to read django_migrations (the role migrate runs as does); nothing was applied",
                    null);
        }
    }
}
