package com.meatscentral.golden.migrate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL from the machine's binaries (Debian's postgresql-15) on a random
 * loopback port, password auth (scram) for one superuser. As root, initdb and pg_ctl run as
 * the {@code postgres} user (they refuse root). Stop it in @AfterAll.
 */
public final class LocalPostgres implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    public final String user;
    public final String password;
    public final int port;
    private final Path dir;
    private final boolean root;

    public LocalPostgres(String user, String password) throws IOException, InterruptedException {
        this(user, password, null, null);
    }

    /**
     * With TLS on ({@code ssl=on}) when {@code serverCert} and {@code serverKey} (PEM) are given:
     * clients may still connect without TLS, as a default PostgreSQL allows.
     */
    public LocalPostgres(String user, String password, Path serverCert, Path serverKey)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL 15 server binaries are missing at " + BIN
                    + ": run it/setup-machine.sh (installs postgresql-15)");
        }
        this.user = user;
        this.password = password;
        this.root = "root".equals(System.getProperty("user.name"));
        this.dir = Files.createTempDirectory("golden-pg");
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        exec(
                BIN.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                user,
                "--auth=scram-sha-256",
                "--pwfile=" + pwfile,
                "-E",
                "UTF8",
                "--no-sync");
        Files.delete(pwfile);
        String tls = "";
        if (serverCert != null) {
            Path cert = dir.resolve("server.crt");
            Path key = dir.resolve("server.key");
            Files.copy(serverCert, cert);
            Files.copy(serverKey, key);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            if (root) {
                UserPrincipal postgres =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(cert, postgres);
                Files.setOwner(key, postgres);
            }
            tls = " -c ssl=on -c ssl_cert_file=" + cert + " -c ssl_key_file=" + key;
        }
        exec(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-w",
                "-l",
                dir.resolve("log").toString(),
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1" + tls,
                "start");
    }

    private void exec(String... argv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            exec(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
