package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * TLS of the bastion-to-database leg ({@code golden.db.sslMode}), for the connectivity check
 * (pgjdbc) and the migration's DATABASE_URL (libpq). {@code prefer} (the default, as before)
 * encrypts when the server offers it and can be downgraded by anyone on that leg; {@code require}
 * cannot be downgraded; {@code verify-ca} also checks the server certificate against a root
 * certificate, {@code verify-full} also its host name against DB_HOST. The root certificate's
 * PEM text comes from the process-environment variable {@code golden.db.sslRootCert} names
 * (a CI secret), never from the POM.
 *
 * @param rootCertPem      null unless a root certificate was given (required for the verify modes)
 * @param rootCertVariable where it came from, for messages
 */
public record DatabaseTls(Mode mode, String rootCertPem, String rootCertVariable) {

    /** libpq's sslmode values golden accepts: none that can be downgraded to clear text except the default. */
    public enum Mode {
        PREFER,
        REQUIRE,
        VERIFY_CA,
        VERIFY_FULL;

        public String libpq() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }
    }

    /** Today's behaviour: TLS when the server offers it. */
    public static final DatabaseTls PREFER = new DatabaseTls(Mode.PREFER, null, null);

    public DatabaseTls {
        if (mode.verifies() && (rootCertPem == null || rootCertPem.isBlank())) {
            throw new GoldenException(
                    "golden.db.sslMode=" + mode.libpq() + " needs the database's root certificate",
                    "set -Dgolden.db.sslRootCert=NAME, NAME being the environment variable (a CI secret) that holds the CA"
                            + " certificate in PEM (DigitalOcean: the database's \"CA certificate\" download)");
        }
    }

    /**
     * @param sslMode          {@code golden.db.sslMode}; blank = prefer
     * @param rootCertVariable {@code golden.db.sslRootCert}: the NAME of the variable holding the PEM; blank = none
     */
    public static DatabaseTls resolve(String sslMode, String rootCertVariable, Map<String, String> processEnv) {
        Mode mode = parse(sslMode);
        String pem = null;
        String variable = rootCertVariable == null || rootCertVariable.isBlank() ? null : rootCertVariable.strip();
        if (variable != null) {
            pem = processEnv.get(variable);
            if (pem == null || pem.isBlank()) {
                throw new GoldenException(
                        "golden.db.sslRootCert names " + variable + ", which is not set in the process environment",
                        "map the secret holding the database's CA certificate (PEM) into the step's env as "
                                + variable);
            }
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new GoldenException(
                        "The value of " + variable + " (golden.db.sslRootCert) is not a PEM certificate",
                        "put the whole CA certificate text in the secret, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----");
            }
        }
        return new DatabaseTls(mode, pem, variable);
    }

    static Mode parse(String sslMode) {
        if (sslMode == null || sslMode.isBlank()) {
            return Mode.PREFER;
        }
        String v = sslMode.strip().toLowerCase(Locale.ROOT);
        for (Mode m : Mode.values()) {
            if (m.libpq().equals(v)) {
                return m;
            }
        }
        String allowed = Arrays.stream(Mode.values()).map(Mode::libpq).collect(Collectors.joining(", "));
        throw new GoldenException(
                "golden.db.sslMode '" + sslMode.strip() + "' is not supported",
                "use one of " + allowed
                        + (v.equals("disable") || v.equals("allow")
                                ? " (disable and allow would let the database password cross the bastion-to-database leg in clear text)"
                                : ""));
    }

    /** Writes the root certificate (public, not a secret) for pgjdbc and the container to read. */
    Path writeRootCert(Path dir) {
        try {
            Path file = dir.resolve("db-root.crt");
            Files.writeString(file, rootCertPem, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database root certificate to " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "sslmode=" + mode.libpq()
                + (rootCertVariable == null ? "" : ", root certificate from " + rootCertVariable);
    }
}
