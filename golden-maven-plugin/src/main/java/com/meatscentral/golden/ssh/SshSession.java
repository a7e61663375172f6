package com.meatscentral.golden.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Request;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * One logged-in SSH connection (SSHJ): local port forwards, remote commands, SFTP uploads.
 * {@link #connect} verifies the host key ({@link HostKeyPolicy}) and logs in; failures are
 * typed: {@link SshConnectException}, {@link HostKeyRejectedException}, {@link SshAuthException}.
 * Close it in finally; closing twice is harmless.
 */
public final class SshSession implements AutoCloseable {

    private final SSHClient client;
    private final SshSettings settings;
    private final Console console;

    static {
        // SSHJ otherwise routes every cipher through Bouncy Castle's pure-Java AES, ~4x slower
        // than the JDK's AES-NI intrinsics for a tunnel carrying bulk data (it/bench). Keys and
        // key exchange work with the JDK providers.
        net.schmizz.sshj.common.SecurityUtils.setRegisterBouncyCastle(false);
        net.schmizz.sshj.common.SecurityUtils.setSecurityProvider(null);
    }

    private volatile boolean closing;
    private volatile String lostReason;
    private final List<Consumer<String>> disconnectListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<PortForward> forwards = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SshSession(SSHClient client, SshSettings settings, Console console) {
        this.client = client;
        this.settings = settings;
        this.console = console;
        client.getTransport()
                .setDisconnectListener((reason, message) ->
                        lost(reason + (message == null || message.isEmpty() ? "" : ": " + message)));
    }

    public static SshSession connect(SshSettings settings, Console console) {
        DefaultConfig config = new DefaultConfig() {
            /**
             * AES only, GCM first: the JDK runs it on AES-NI. SSHJ's default list starts with
             * chacha20-poly1305 and exotic ciphers that need Bouncy Castle's provider (which we do
             * not register, see the static block) and would each log "disabled" at INFO.
             */
            @Override
            protected void initCipherFactories() {
                setCipherFactories(
                        GcmCiphers.AES128GCM(),
                        GcmCiphers.AES256GCM(),
                        BlockCiphers.AES128CTR(),
                        BlockCiphers.AES192CTR(),
                        BlockCiphers.AES256CTR());
            }
        };
        // The default keep-alive only sends ignore packets and never notices a dead peer.
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        config.setLoggerFactory(new SshjLogging(console));
        SSHClient client = new SSHClient(config);
        HostKeyPolicy policy = new HostKeyPolicy(settings, console);
        client.addHostKeyVerifier(policy);
        client.setConnectTimeout((int) settings.connectTimeout().toMillis());
        // The keep-alive thread starts on connect with the interval it has then: set it first.
        KeepAlive keepAlive = client.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(
                (int) Math.max(0, settings.keepAliveInterval().toSeconds()));
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(settings.keepAliveMaxCount());
        }
        // Larger window and packets: the tunnel carries bulk data (see it/bench).
        client.getConnection().setWindowSize(8L * 1024 * 1024);
        client.getConnection().setMaxPacketSize(256 * 1024);
        String where = settings.host() + ":" + settings.port();
        try {
            client.connect(settings.host(), settings.port());
        } catch (TransportException e) {
            closeQuietly(client);
            if (policy.rejection() != null) {
                throw policy.rejection();
            }
            throw new SshConnectException(
                    settings.host(), settings.port(), "SSH handshake failed: " + PortForward.reason(e), e);
        } catch (UnknownHostException e) {
            closeQuietly(client);
            throw new SshConnectException(settings.host(), settings.port(), "unknown host", e);
        } catch (SocketTimeoutException e) {
            closeQuietly(client);
            throw new SshConnectException(
                    settings.host(),
                    settings.port(),
                    "no answer within " + settings.connectTimeout().toSeconds() + " s",
                    e);
        } catch (ConnectException | NoRouteToHostException e) {
            closeQuietly(client);
            throw new SshConnectException(settings.host(), settings.port(), e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(client);
            throw new SshConnectException(settings.host(), settings.port(), PortForward.reason(e), e);
        }
        try {
            login(client, settings);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
        console.info("SSH: logged in to " + settings.user() + "@" + where
                + (settings.keepAliveInterval().isZero()
                        ? ""
                        : " (keep-alive every " + settings.keepAliveInterval().toSeconds() + " s, dead after "
                                + settings.deadPeerWindow().toSeconds() + " s)"));
        return new SshSession(client, settings, console);
    }

    private static void login(SSHClient client, SshSettings s) {
        String who = s.user() + "@" + s.host() + ":" + s.port();
        boolean hasKey = s.privateKey() != null && !s.privateKey().isBlank();
        boolean hasPassword = s.password() != null && !s.password().isEmpty();
        UserAuthException keyRefused = null;
        if (hasKey) {
            KeyProvider key;
            try {
                key = s.passphrase() == null || s.passphrase().isEmpty()
                        ? client.loadKeys(s.privateKey(), null, null)
                        : client.loadKeys(
                                s.privateKey(),
                                null,
                                PasswordUtils.createOneOff(s.passphrase().toCharArray()));
                key.getPublic(); // decodes the text now: a bad key is reported as such, not as a refusal
            } catch (IOException | RuntimeException e) {
                throw new SshAuthException(
                        "The SSH private key (SSH_PRIVATE_KEY) for " + who + " cannot be read: "
                                + e.getClass().getSimpleName(),
                        "put the whole key text in the secret, including the BEGIN/END lines (PEM or OpenSSH format);"
                                + " an encrypted key needs its passphrase",
                        null);
            }
            try {
                client.authPublickey(s.user(), key);
                return;
            } catch (UserAuthException e) {
                keyRefused = e;
            } catch (TransportException e) {
                throw new SshConnectException(
                        s.host(), s.port(), "connection lost during login: " + PortForward.reason(e), e);
            }
        }
        if (hasPassword) {
            try {
                client.authPassword(s.user(), s.password().toCharArray());
                return;
            } catch (UserAuthException e) {
                throw new SshAuthException(
                        "SSH login refused for " + who + ": the server rejected the password"
                                + (keyRefused != null ? " (and the private key)" : ""),
                        "check BASTION_USER and SSH_PASSWORD for this environment (and that the server allows password login)",
                        null);
            } catch (TransportException e) {
                throw new SshConnectException(
                        s.host(), s.port(), "connection lost during login: " + PortForward.reason(e), e);
            }
        }
        throw new SshAuthException(
                "SSH login refused for " + who + ": the server rejected the private key",
                "add the key's public half to ~" + s.user()
                        + "/.ssh/authorized_keys on the bastion, or check BASTION_USER",
                null);
    }

    public SshSettings settings() {
        return settings;
    }

    /** False once the connection ended, e.g. the keep-alive gave up on a dead peer. */
    public boolean isConnected() {
        return lostReason == null && client.isConnected() && client.isAuthenticated();
    }

    /**
     * Calls {@code listener} with the reason once the connection ends other than by
     * {@link #close()}: e.g. the keep-alive gave up on a dead bastion. Callers use it to stop
     * work that depends on the tunnel instead of waiting for it to time out.
     */
    public void onDisconnect(Consumer<String> listener) {
        disconnectListeners.add(listener);
        String reason = lostReason;
        if (reason != null) {
            listener.accept(reason);
        }
    }

    private void lost(String reason) {
        lostReason = reason;
        if (!closing) {
            disconnectListeners.forEach(l -> l.accept(reason));
        }
    }

    /**
     * Listens on 127.0.0.1:{@code localPort} (0 = any free port) and forwards each connection
     * to {@code host:port} as seen from the server.
     */
    public PortForward forward(int localPort, String host, int port) {
        PortForward forward = new PortForward(client, localPort, host, port, console);
        forwards.add(forward);
        console.info("SSH: tunnel " + forward + " via " + settings.host());
        return forward;
    }

    /**
     * Runs a command and waits for it, draining stdout and stderr while it runs (an unread
     * stream would stall the remote side and hang the wait). A timeout closes the channel
     * and throws.
     */
    public ExecResult exec(RemoteCommand command) {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command.commandLine());
            Drain out = new Drain(cmd.getInputStream(), command.onStdoutLine(), "out");
            Drain err = new Drain(cmd.getErrorStream(), command.onStderrLine(), "err");
            out.start();
            err.start();
            try (OutputStream stdin = cmd.getOutputStream()) {
                if (command.stdin() != null) {
                    stdin.write(command.stdin());
                    stdin.flush();
                }
            } // close() sends EOF: a command reading stdin ends
            try {
                cmd.join(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (net.schmizz.sshj.connection.ConnectionException e) {
                if (!cmd.isOpen()) {
                    throw e;
                }
                cmd.close();
                throw new GoldenException(
                        "Remote command on " + settings.host() + " did not finish within " + human(command.timeout())
                                + ": " + command.argv().get(0),
                        "look at the server (load, a stuck docker daemon) or raise the timeout");
            }
            out.join(30_000);
            err.join(30_000);
            Integer status = cmd.getExitStatus();
            String signal =
                    cmd.getExitSignal() == null ? null : cmd.getExitSignal().name();
            return new ExecResult(
                    status == null ? -1 : status, signal, out.text(), err.text(), out.truncated || err.truncated);
        } catch (IOException e) {
            throw new GoldenException(
                    "Remote command on " + settings.host() + " failed: " + PortForward.reason(e),
                    "check the SSH connection to the server",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoldenException("Interrupted while running a remote command on " + settings.host());
        }
    }

    /**
     * Writes {@code content} to {@code remotePath} with {@code mode} (e.g. 0600) atomically: a
     * temp file beside it, created with the mode, then renamed over the target.
     */
    public void upload(byte[] content, String remotePath, int mode) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String tmp = remotePath + ".golden-" + HexFormat.of().formatHex(random) + ".tmp";
        try (SFTPClient sftp = client.newSFTPClient()) {
            FileAttributes attrs =
                    new FileAttributes.Builder().withPermissions(mode).build();
            boolean written = false;
            try {
                try (RemoteFile file =
                                sftp.open(tmp, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL), attrs);
                        OutputStream os = file.new RemoteFileOutputStream(0, 16)) {
                    os.write(content);
                }
                sftp.chmod(tmp, mode); // the server's umask may have narrowed or not applied the mode
                rename(sftp, tmp, remotePath);
                written = true;
            } finally {
                if (!written) {
                    try {
                        sftp.rm(tmp);
                    } catch (IOException ignored) {
                        // the temp file was never created
                    }
                }
            }
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot upload " + remotePath + " to " + settings.host() + ": " + PortForward.reason(e),
                    "check that the directory exists and " + settings.user() + " may write to it",
                    e);
        }
    }

    private static void rename(SFTPClient sftp, String from, String to) throws IOException {
        SFTPEngine engine = sftp.getSFTPEngine();
        if (engine.supportsServerExtension("posix-rename", "openssh.com")) {
            // Atomic replace (rename(2)); plain SFTPv3 rename refuses an existing target.
            Request req = engine.newExtendedRequest("posix-rename@openssh.com")
                    .putString(from, engine.getSubsystem().getRemoteCharset())
                    .putString(to, engine.getSubsystem().getRemoteCharset());
            engine.request(req)
                    .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS)
                    .ensureStatusPacketIsOK();
        } else {
            if (sftp.statExistence(to) != null) {
                sftp.rm(to);
            }
            sftp.rename(from, to);
        }
    }

    @Override
    public void close() {
        closing = true;
        for (PortForward f : forwards) {
            f.close();
        }
        forwards.clear();
        closeQuietly(client);
    }

    private static void closeQuietly(SSHClient client) {
        try {
            client.disconnect();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    private static String human(Duration d) {
        return d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /** Reads one stream to its end on its own thread, keeping text and passing lines on. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final Consumer<String> onLine;
        private final StringBuilder text = new StringBuilder();
        volatile boolean truncated;

        Drain(InputStream in, Consumer<String> onLine, String name) {
            super("golden-ssh-exec-" + name);
            setDaemon(true);
            this.in = in;
            this.onLine = onLine;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (text) {
                        if (text.length() + line.length() < ExecResult.MAX_KEPT_CHARS) {
                            text.append(line).append('\n');
                        } else {
                            truncated = true;
                        }
                    }
                    if (onLine != null) {
                        onLine.accept(line);
                    }
                }
            } catch (IOException ignored) {
                // channel closed under us: what we have is what there was
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
