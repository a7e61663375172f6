package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.ssh.EmbeddedSshd;
import com.meatscentral.golden.ssh.PortForward;
import com.meatscentral.golden.ssh.SshSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden.db.sslMode against a real PostgreSQL with TLS (certificate for db.golden.test, signed
 * by a test CA made with openssl), through a real SSH tunnel (MINA), checked by pgjdbc as the
 * goal does and by libpq (psql) with the URL the container gets. A "downgrader" between the
 * bastion and the database answers PostgreSQL's SSLRequest with 'N', as an attacker on that
 * leg would: prefer (the old fixed mode) then logs in without TLS, require refuses.
 */
class DatabaseTlsTest {

    static final String DB_PASSWORD = "tls p@ss:w/rd%";
    static final String DB_HOST = "db.golden.test";

    @TempDir
    static Path certs;

    static LocalPostgres pg;
    static EmbeddedSshd sshd;
    static String caPem;
    static String otherCaPem;
    static ServerSocket downgrader;
    static final AtomicInteger downgraded = new AtomicInteger();
    final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void start() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=golden test CA");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other.key",
                "-out",
                "other.crt",
                "-days",
                "2",
                "-subj",
                "/CN=another CA");
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=" + DB_HOST);
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=DNS:" + DB_HOST + "\n");
        openssl(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "san.ext");
        caPem = Files.readString(certs.resolve("ca.crt"));
        otherCaPem = Files.readString(certs.resolve("other.crt"));
        pg = new LocalPostgres("app_owner", DB_PASSWORD, certs.resolve("server.crt"), certs.resolve("server.key"));
        sshd = new EmbeddedSshd("bastion-pass", null);
        downgrader = startDowngrader(pg.port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (downgrader != null) {
            downgrader.close();
        }
        if (sshd != null) {
            sshd.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(concat("openssl", args))
                .directory(certs.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static DatabaseTls tls(String mode, String pem) {
        return DatabaseTls.resolve(
                mode, pem == null ? null : "DB_CA_CERT", pem == null ? Map.of() : Map.of("DB_CA_CERT", pem));
    }

    /** Opens the tunnel to {@code targetPort} and runs the goal's check with {@code tls} for DB_HOST {@code dbHost}. */
    private String check(int targetPort, DatabaseTls tls, String dbHost) throws IOException, InterruptedException {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward tunnel = ssh.forward(0, "127.0.0.1", targetPort);
            Path rootCert =
                    tls.rootCertPem() == null ? null : tls.writeRootCert(Files.createTempDirectory(certs, "rc"));
            DatabaseUrl url = DatabaseUrl.throughTunnel(
                    "app_owner",
                    DB_PASSWORD,
                    dbHost,
                    tunnel.localPort(),
                    "postgres",
                    tls,
                    rootCert == null ? null : rootCert.toString());
            String version = DatabaseCheck.check(tunnel, url, tls, rootCert, console);
            // libpq with the URL the container gets (sslrootcert here: the file on this machine).
            assertThat(DatabaseCheckTest.psql(url.value(), "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .isEqualTo(tls.mode() == DatabaseTls.Mode.PREFER && targetPort != pg.port ? "f" : "t");
            return version;
        }
    }

    @Test
    void preferIsSilentlyDowngradedByAnAttackerOnTheDatabaseLeg() throws Exception {
        int before = downgraded.get();
        assertThat(check(downgrader.getLocalPort(), DatabaseTls.PREFER, "127.0.0.1"))
                .startsWith("PostgreSQL");
        assertThat(downgraded.get()).isGreaterThan(before);
    }

    @Test
    void requireRefusesTheDowngrade() {
        assertThatThrownBy(() -> check(downgrader.getLocalPort(), tls("require", null), "127.0.0.1"))
                .isInstanceOfSatisfying(GoldenException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("TLS to the database")
                            .contains("golden.db.sslMode=require")
                            .doesNotContain(DB_PASSWORD);
                    assertThat(e.hint()).get().asString().contains("attack");
                });
    }

    @Test
    void requireConnectsWithTls() throws Exception {
        assertThat(check(pg.port, tls("require", null), "127.0.0.1")).startsWith("PostgreSQL 15");
    }

    @Test
    void verifyFullChecksTheCertificateAgainstDbHostThroughTheTunnel() throws Exception {
        assertThat(check(pg.port, tls("verify-full", caPem), DB_HOST)).startsWith("PostgreSQL 15");
    }

    @Test
    void verifyFullRefusesACertificateForAnotherName() {
        assertThatThrownBy(() -> check(pg.port, tls("verify-full", caPem), "db.elsewhere.test"))
                .isInstanceOfSatisfying(
                        GoldenException.class,
                        e -> assertThat(e.getMessage())
                                .contains("TLS to the database")
                                .contains("verify-full"));
    }

    @Test
    void verifyCaRefusesACertificateOfAnotherAuthority() {
        assertThatThrownBy(() -> check(pg.port, tls("verify-ca", otherCaPem), DB_HOST))
                .isInstanceOfSatisfying(GoldenException.class, e -> {
                    assertThat(e.getMessage()).contains("TLS to the database").contains("verify-ca");
                    assertThat(e.hint()).get().asString().contains("DB_CA_CERT");
                });
    }

    @Test
    void theContainersUrlCarriesTheModeTheCertificateAndTheRealHostName() {
        DatabaseUrl url = DatabaseUrl.throughTunnel(
                "u", "p4ssword", DB_HOST, 5433, "app", tls("verify-full", caPem), Migration.ROOT_CERT_IN_CONTAINER);
        assertThat(url.value())
                .isEqualTo("postgresql://u:p4ssword@db.golden.test:5433/app?sslmode=verify-full"
                        + "&sslrootcert=%2Frun%2Fgolden%2Fdb-root.crt&hostaddr=127.0.0.1");
        assertThat(DatabaseUrl.parse(url.value())).isEqualTo(url);
        assertThat(DatabaseUrl.throughTunnel("u", "p4ssword", DB_HOST, 5433, "app", DatabaseTls.PREFER, null)
                        .value())
                .isEqualTo("postgresql://u:p4ssword@127.0.0.1:5433/app?sslmode=prefer");
        assertThat(url.toString()).doesNotContain("p4ssword");
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> DatabaseTls.resolve("verify-full", null, Map.of()))
                .hasMessageContaining("needs the database's root certificate");
        assertThatThrownBy(() -> DatabaseTls.resolve("disable", null, Map.of()))
                .isInstanceOfSatisfying(
                        GoldenException.class,
                        e -> assertThat(e.hint()).get().asString().contains("clear text"));
        assertThatThrownBy(() -> DatabaseTls.resolve("verify-ca", "DB_CA_CERT", Map.of()))
                .hasMessageContaining("DB_CA_CERT, which is not set");
        assertThatThrownBy(() -> DatabaseTls.resolve("verify-ca", "DB_CA_CERT", Map.of("DB_CA_CERT", "not a cert")))
                .hasMessageContaining("is not a PEM certificate")
                .hasMessageNotContaining("not a cert");
        assertThat(DatabaseTls.resolve(null, null, Map.of()).mode()).isEqualTo(DatabaseTls.Mode.PREFER);
    }

    /**
     * Between "bastion" and database: answers the client's SSLRequest with 'N' (no TLS), then
     * relays the rest, as an attacker on that leg can. Bounded: daemon threads, closed in @AfterAll.
     */
    private static ServerSocket startDowngrader(int pgPort) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            Thread t = new Thread(() -> relay(client, pgPort), "downgrader");
                            t.setDaemon(true);
                            t.start();
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "downgrader-accept");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    private static void relay(Socket client, int pgPort) {
        try (client;
                Socket db = new Socket(InetAddress.getLoopbackAddress(), pgPort)) {
            client.setSoTimeout(60_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] first = in.readNBytes(8);
            // SSLRequest: length 8, code 80877103.
            if (first.length == 8
                    && first[4] == 0x04
                    && first[5] == (byte) 0xd2
                    && first[6] == 0x16
                    && first[7] == 0x2f) {
                out.write('N');
                out.flush();
                downgraded.incrementAndGet();
            } else {
                db.getOutputStream().write(first);
            }
            Thread back = new Thread(() -> pipe(db, client), "downgrader-back");
            back.setDaemon(true);
            back.start();
            pipe(client, db);
            back.join(60_000);
        } catch (IOException | InterruptedException e) {
            // the connection ended
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }
}
