package com.meatscentral.golden.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PortForwardTest {

    static EmbeddedSshd sshd;
    static ServerSocket echo;
    final RecordingConsole console = new RecordingConsole();

    @BeforeAll
    static void start() throws IOException {
        sshd = new EmbeddedSshd("forward-pass", null);
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    daemon(() -> {
                        try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws IOException {
        echo.close();
        sshd.close();
    }

    @Test
    void forwardsBytesBothWaysAndSurvivesAFailedChannelOpen() throws IOException {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            try (PortForward fwd = ssh.forward(0, "127.0.0.1", echo.getLocalPort())) {
                assertThat(roundTrip(fwd.localPort(), "first")).isEqualTo("first");
            }
            int closedPort = freePort();
            try (PortForward broken = ssh.forward(0, "127.0.0.1", closedPort)) {
                // The bastion cannot reach the target: the socket is closed, the listener stays.
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), broken.localPort())) {
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                }
                assertThat(broken.openFailures()).isEqualTo(1);
                assertThatThrownBy(broken::probe)
                        .isInstanceOf(ForwardException.class)
                        .hasMessageContaining("cannot reach 127.0.0.1:" + closedPort);
                try (Socket again = new Socket(InetAddress.getLoopbackAddress(), broken.localPort())) {
                    assertThat(again.getInputStream().read()).isEqualTo(-1);
                }
                assertThat(broken.openFailures()).isEqualTo(2);
                assertThat(console.text()).contains("could not open a channel");
            }
            // The same SSH connection still forwards after those failures.
            try (PortForward fwd = ssh.forward(0, "127.0.0.1", echo.getLocalPort())) {
                fwd.probe();
                assertThat(roundTrip(fwd.localPort(), "after failures")).isEqualTo("after failures");
                assertThat(roundTrip(fwd.localPort(), "x".repeat(3_000_000))).hasSize(3_000_000);
            }
        }
    }

    @Test
    void aFailedChannelDoesNotEndTheSameForwarder() throws IOException {
        // Target is down, then comes up: the same listener serves it (the SSHJ listener would have ended).
        int port = freePort();
        try (SshSession ssh = SshSession.connect(sshd.settings(), console);
                PortForward fwd = ssh.forward(0, "127.0.0.1", port)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fwd.localPort())) {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            try (ServerSocket late = new ServerSocket()) {
                late.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), fwd.localPort());
                        Socket accepted = late.accept()) {
                    client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(accepted.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                            .isEqualTo("ping");
                }
            }
        }
    }

    @Test
    void busyPortIsAClearErrorNamingThePort() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            assertThatThrownBy(() -> ssh.forward(busy.getLocalPort(), "127.0.0.1", echo.getLocalPort()))
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("127.0.0.1:" + busy.getLocalPort() + " is busy")
                    .satisfies(e -> assertThat(((GoldenException) e).hint())
                            .get()
                            .asString()
                            .contains("golden.tunnel.port"));
        }
    }

    @Test
    void closeLeavesNothingListeningAndIsIdempotent() throws IOException {
        int port;
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward fwd = ssh.forward(0, "127.0.0.1", echo.getLocalPort());
            port = fwd.localPort();
            fwd.close();
            fwd.close();
            assertThat(canBind(port)).isTrue();
            // A forward the session still holds is closed by the session.
            PortForward second = ssh.forward(port, "127.0.0.1", echo.getLocalPort());
            assertThat(canBind(port)).isFalse();
            assertThat(second.isOpen()).isTrue();
        }
        assertThat(canBind(port)).isTrue();
    }

    @Test
    void closeWithAnOpenConnectionInFlight() throws IOException {
        try (SshSession ssh = SshSession.connect(sshd.settings(), console)) {
            PortForward fwd = ssh.forward(0, "127.0.0.1", echo.getLocalPort());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fwd.localPort())) {
                s.getOutputStream().write(1);
                assertThat(s.getInputStream().read()).isEqualTo(1);
                fwd.close();
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(canBind(fwd.localPort())).isTrue();
        }
    }

    static String roundTrip(int port, String text) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            Thread writer = daemon(() -> {
                try {
                    s.getOutputStream().write(bytes);
                    s.shutdownOutput();
                } catch (IOException ignored) {
                    // reader reports
                }
            });
            String back = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return back;
        }
    }

    static Thread daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
