import com.meatscentral.golden.Console;
import com.meatscentral.golden.ssh.PortForward;
import com.meatscentral.golden.ssh.SshSession;
import com.meatscentral.golden.ssh.SshSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of golden's SSHJ local forward against OpenSSH's `ssh -L`, through the same
 * OpenSSH sshd (started here on a random loopback port), 256 MB per run, 3 runs each,
 * median. Prints `tunnel_ratio=<sshj/openssh>` last. Run by tunnel-bench.sh.
 */
public class TunnelBench {

    static final long BYTES = Long.getLong("bench.bytes", 256L * 1024 * 1024);
    static final int RUNS = Integer.getInteger("bench.runs", 3);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("golden-bench");
        try (Sink sink = new Sink(); Sshd sshd = new Sshd(dir)) {
            double[] openssh = new double[RUNS];
            double[] sshj = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                openssh[i] = viaOpenSsh(sshd, sink);
                sshj[i] = viaSshj(sshd, sink);
                System.out.printf("run %d: openssh %.1f MB/s, sshj %.1f MB/s%n", i + 1, openssh[i], sshj[i]);
            }
            double o = median(openssh);
            double j = median(sshj);
            System.out.printf("openssh_mb_s=%.1f%nsshj_mb_s=%.1f%n", o, j);
            System.out.printf("tunnel_ratio=%.3f%n", j / o);
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    static double viaSshj(Sshd sshd, Sink sink) throws IOException {
        String key = Files.readString(sshd.clientKey);
        SshSettings settings = SshSettings.of("127.0.0.1", "root", b -> {
            b.port = sshd.port;
            b.privateKey = key;
            b.knownHosts = List.of(sshd.knownHosts);
        });
        try (SshSession ssh = SshSession.connect(settings, Console.SILENT);
             PortForward fwd = ssh.forward(0, "127.0.0.1", sink.port())) {
            return push(fwd.localPort());
        }
    }

    static double viaOpenSsh(Sshd sshd, Sink sink) throws Exception {
        int local = freePort();
        Process ssh = new ProcessBuilder("ssh", "-N", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
                "-o", "UserKnownHostsFile=" + sshd.knownHosts, "-o", "StrictHostKeyChecking=yes", "-i", sshd.clientKey.toString(),
                "-p", String.valueOf(sshd.port), "-L", local + ":127.0.0.1:" + sink.port(), "root@127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitListening(local, ssh);
            return push(local);
        } finally {
            ssh.destroy();
            ssh.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends BYTES through the tunnel; the sink answers one byte after reading them all. MB/s. */
    static double push(int port) throws IOException {
        byte[] buf = new byte[256 * 1024];
        Arrays.fill(buf, (byte) 'x');
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            for (long sent = 0; sent < BYTES; sent += buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, BYTES - sent));
            }
            s.shutdownOutput();
            if (s.getInputStream().read() != 'k') {
                throw new IOException("sink did not confirm");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return BYTES / 1024.0 / 1024.0 / seconds;
        }
    }

    static void waitListening(int port, Process ssh) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (!ssh.isAlive()) {
                throw new IllegalStateException("ssh -L exited with " + ssh.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream(); // listening: close again (the sink sees an empty stream)
                return;
            } catch (IOException notYet) {
                Thread.sleep(25); // polling for the listener, not a fixed wait
            }
        }
        throw new IllegalStateException("ssh -L never listened on " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Reads everything from each connection, then answers 'k'. */
    static final class Sink implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Sink() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread c = new Thread(() -> {
                            try (s; InputStream in = s.getInputStream()) {
                                byte[] b = new byte[256 * 1024];
                                while (in.read(b) >= 0) {
                                    // discard
                                }
                                s.getOutputStream().write('k');
                            } catch (IOException ignored) {
                                // probe connections close early
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** OpenSSH sshd on a random loopback port with a throwaway host key and client key. */
    static final class Sshd implements AutoCloseable {
        final int port;
        final Path clientKey;
        final Path knownHosts;
        final Process process;

        Sshd(Path dir) throws Exception {
            port = freePort();
            clientKey = dir.resolve("client_ed25519");
            Path hostKey = dir.resolve("host_ed25519");
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
            Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
            knownHosts = dir.resolve("known_hosts");
            Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + Files.readString(Path.of(hostKey + ".pub")));
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n", List.of(
                    "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "PasswordAuthentication no",
                    "PermitRootLogin prohibit-password", "AllowTcpForwarding yes", "UsePAM no", "")), StandardCharsets.UTF_8);
            Files.createDirectories(Path.of("/run/sshd"));
            process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
                    }
                    Thread.sleep(25);
                }
            }
            throw new IllegalStateException("sshd never listened");
        }

        static void run(String... argv) throws Exception {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + ": " + out);
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

}
