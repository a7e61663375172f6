package com.meatscentral.golden.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.RecordingConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bastion that stops answering without closing the TCP connection (power loss, network
 * partition) must be noticed by the keep-alive. A relay between client and server that
 * freezes plays that bastion.
 */
class KeepAliveTest {

    @Test
    void aSilentPeerIsDetectedAndReported() throws Exception {
        try (EmbeddedSshd sshd = new EmbeddedSshd("keepalive-pass", null);
                FreezingRelay relay = new FreezingRelay(sshd.port())) {
            SshSettings settings = SshSettings.of("127.0.0.1", EmbeddedSshd.USER, b -> {
                b.port = relay.port();
                b.password = "keepalive-pass";
                b.fingerprints.add(sshd.fingerprint());
                b.keepAliveInterval = Duration.ofSeconds(1);
                b.keepAliveMaxCount = 2;
            });
            CompletableFuture<String> lost = new CompletableFuture<>();
            try (SshSession ssh = SshSession.connect(settings, new RecordingConsole())) {
                ssh.onDisconnect(lost::complete);
                assertThat(ssh.exec(RemoteCommand.of("true")).ok()).isTrue();
                relay.freeze();
                // Generous bound: without KEEP_ALIVE this would never complete.
                String reason = lost.get(60, TimeUnit.SECONDS);
                assertThat(reason).containsIgnoringCase("keep-alive");
                assertThat(ssh.isConnected()).isFalse();
            }
        }
    }

    /** Relays bytes until frozen; then stops reading and writing but keeps sockets open. */
    static final class FreezingRelay implements AutoCloseable {
        private final ServerSocket server;
        private volatile boolean frozen;
        private volatile Socket a;
        private volatile Socket b;

        FreezingRelay(int targetPort) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                try {
                    a = server.accept();
                    b = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pump(a.getInputStream(), b.getOutputStream());
                    pump(b.getInputStream(), a.getOutputStream());
                } catch (IOException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private void pump(InputStream in, OutputStream out) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        while (frozen) {
                            Thread.sleep(50);
                        }
                        out.write(buf, 0, n);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void freeze() {
            frozen = true;
        }

        @Override
        public void close() throws IOException {
            server.close();
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }
}
