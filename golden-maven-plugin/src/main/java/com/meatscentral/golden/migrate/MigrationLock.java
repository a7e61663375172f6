package com.meatscentral.golden.migrate;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * A PostgreSQL advisory lock held for the whole migration, so two runners never migrate one
 * database at once (two environments that share a database included: the key is derived from
 * the database's name, and advisory locks live in that database). golden holds it on its own
 * session through the tunnel: a lock taken inside the migration container would end with the
 * container's first connection. A second runner polls {@code pg_try_advisory_lock} until
 * {@code wait} runs out, naming the holder from {@code pg_locks} and {@code pg_stat_activity}
 * (its {@code application_name} says which environment and runner). Closing the session
 * releases the lock, so a runner that dies never leaves it behind.
 */
public final class MigrationLock implements AutoCloseable {

    /** How often a waiting runner tries again. */
    static final Duration POLL = Duration.ofSeconds(1);

    private static final String HOLDER = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(a.client_addr::text, 'local'),
                   extract(epoch FROM now() - coalesce(a.backend_start, now()))::bigint
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = ? AND l.objid::bigint = ?""";

    private final Connection session;
    private final long key;

    private MigrationLock(Connection session, long key) {
        this.session = session;
        this.key = key;
    }

    /** The lock's key: the first 8 bytes of SHA-256("golden-migrate:" + database name). */
    public static long key(String database) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("golden-migrate:" + database).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = k << 8 | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the lock of {@code url}'s database on a new session named {@code holder} (at most 63
     * characters are kept: PostgreSQL's limit), waiting at most {@code wait} for another holder;
     * the session has the migration's TLS (and, for verify-full, its socket to the tunnel's end).
     */
    public static MigrationLock acquire(
            DatabaseUrl url,
            DatabaseTls tls,
            java.nio.file.Path rootCertFile,
            String holder,
            Duration wait,
            Console console) {
        long key = key(url.name());
        Connection c;
        try {
            // socketTimeout bounds each poll; holding the lock is idle, not a read
            c = DatabaseSession.open(url, tls, rootCertFile, holder, 30);
        } catch (SQLException e) {
            throw new GoldenException(
                    "Cannot open the session that holds the migration lock of " + url.name() + " (SQLState "
                            + e.getSQLState() + "): " + e.getMessage(),
                    "the connectivity check passed just before: re-run",
                    null);
        }
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long nextReport = start;
        try {
            while (true) {
                if (tryLock(c, key)) {
                    long waited = (System.nanoTime() - start) / 1_000_000_000L;
                    console.info("Migration lock of database " + url.name() + " taken"
                            + (waited > 0 ? " after waiting " + waited + " s" : "") + " (advisory lock " + key + ")");
                    return new MigrationLock(c, key);
                }
                long now = System.nanoTime();
                String who = holder(c, key).orElse("a session that just ended");
                if (now - deadline >= 0) {
                    throw new GoldenException(
                            "Another migration of database " + url.name() + " still holds its lock after "
                                    + wait.toSeconds() + " s: " + who,
                            "wait until it ends and re-run (two runners never migrate one database at once); if it is stuck, end that"
                                    + " session (SELECT pg_terminate_backend(pid)); raise -Dgolden.migrate.lockWaitSeconds to wait longer",
                            null);
                }
                if (now - nextReport >= 0) {
                    console.warn("Waiting for the migration lock of database " + url.name() + " (up to "
                            + wait.toSeconds() + " s), held by " + who);
                    nextReport = now + Duration.ofSeconds(15).toNanos();
                }
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw new GoldenException(
                    "Taking the migration lock of " + url.name() + " failed (SQLState " + e.getSQLState() + "): "
                            + e.getMessage(),
                    "re-run; the database session through the tunnel ended",
                    null);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while waiting for the migration lock of " + url.name());
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The lock session's application_name: what a waiting runner prints about the holder. */
    static String holderName(String environment) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return "golden-migrate " + environment + " " + System.getProperty("user.name") + "@" + host + " pid "
                + ProcessHandle.current().pid();
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock: application name, pid, user, client address and session age. */
    static Optional<String> holder(Connection c, long key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(HOLDER)) {
            st.setLong(1, key >>> 32);
            st.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String app = rs.getString(2);
                return Optional.of((app.isEmpty() ? "an unnamed session" : "'" + app + "'") + " (pid " + rs.getInt(1)
                        + ", user " + rs.getString(3) + ", from " + rs.getString(4) + ", connected " + rs.getLong(5)
                        + " s ago)");
            }
        }
    }

    /**
     * Ends the session, which releases the lock on the server. No unlock query first: closing
     * waits for no answer, so a dead tunnel (the link down, no FIN) cannot hang the cleanup.
     */
    @Override
    public void close() {
        closeQuietly(session);
    }

    public long key() {
        return key;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing what is already broken
        }
    }
}
