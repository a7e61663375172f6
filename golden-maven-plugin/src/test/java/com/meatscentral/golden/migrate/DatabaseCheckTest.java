package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.ssh.EmbeddedSshd;
import com.meatscentral.golden.ssh.ForwardException;
import com.meatscentral.golden.ssh.PortForward;
import com.meatscentral.golden.ssh.SshSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tunnel through a real SSH server (MINA) to a real PostgreSQL, as the migration does. */
class DatabaseCheckTest {

    static final String DB_PASSWORD = "db p@ss:w/rd%#?&+";
    static LocalPostgres pg;
    static EmbeddedSshd sshd;
    final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void start() throws Exception {
        pg = new LocalPostgres("app_owner", DB_PASSWORD);
        sshd = new EmbeddedSshd("bastion-pass", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void selectVersionThroughTheTunnelWithAnAwkwardPassword() throws Exception {
        int port;
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward tunnel = ssh.forward(0, "127.0.0.1", pg.port);
            port = tunnel.localPort();
            DatabaseUrl url = new DatabaseUrl("app_owner", DB_PASSWORD, "127.0.0.1", port, "postgres");
            assertThat(DatabaseCheck.check(tunnel, url, console)).startsWith("PostgreSQL 15");
            assertThat(console.text()).contains("Database reachable through the tunnel: PostgreSQL");
            // libpq (psql) reads the same URL the container gets: proves the encoding for a non-Java client.
            assertThat(psql(url.value(), "SELECT current_user")).isEqualTo("app_owner");
        }
        assertThat(canBind(port))
                .as("nothing listens on the tunnel port after close")
                .isTrue();
    }

    @Test
    void wrongDatabasePasswordNamesTheDatabaseLeg() {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward tunnel = ssh.forward(0, "127.0.0.1", pg.port);
            DatabaseUrl url =
                    new DatabaseUrl("app_owner", "wrong-db-secret", "127.0.0.1", tunnel.localPort(), "postgres");
            assertThatThrownBy(() -> DatabaseCheck.check(tunnel, url, console))
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("Database login refused for user app_owner")
                    .hasMessageContaining("28P01")
                    .hasMessageNotContaining("wrong-db-secret");
        }
    }

    @Test
    void unreachableDatabaseNamesTheForwardLeg() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward tunnel = ssh.forward(0, "127.0.0.1", closed);
            DatabaseUrl url = new DatabaseUrl("app_owner", DB_PASSWORD, "127.0.0.1", tunnel.localPort(), "postgres");
            assertThatThrownBy(() -> DatabaseCheck.check(tunnel, url, console))
                    .isInstanceOf(ForwardException.class)
                    .hasMessageContaining("SSH login worked, but the bastion cannot reach 127.0.0.1:" + closed);
        }
    }

    static String psql(String url, String sql) throws IOException, InterruptedException {
        // libpq takes the URL as its dbname (a test password on a test command line).
        ProcessBuilder pb = new ProcessBuilder("psql", "-XAtq", "-d", url, "-c", sql).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
