package com.meatscentral.golden.ssh;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.Durations;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;

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
        // Before any SSHJ class reads it (host keys, clients): SSHJ otherwise routes every cipher through Bouncy
        // Castle's pure-Java AES, ~4x slower
        // than the JDK's AES-NI intrinsics for a tunnel carrying bulk data (it/bench). Keys and
        // key exchange work with the JDK providers.
        net.schmizz.sshj.common.SecurityUtils.setRegisterBouncyCastle(false);
        net.schmizz.sshj.common.SecurityUtils.setSecurityProvider(null);
    }

    private volatile boolean closing;
    private volatile String lostReason;
    private final List<Consumer<String>> disconnectListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<PortForward> forwards = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final SftpUpload uploads;

    private SshSession(SSHClient client, SshSettings settings, Console console) {
        this.client = client;
        this.uploads = new SftpUpload(client, settings);
        this.settings = settings;
        this.console = console;
        client.getTransport()
                .setDisconnectListener((reason, message) ->
                        lost(reason + (message == null || message.isEmpty() ? "" : ": " + message)));
    }

    /**
     * Writes {@code content} to {@code remotePath} with {@code mode} (e.g. 0600) atomically: a
     * temp file beside it, created with the mode, then renamed over the target ({@link SftpUpload}).
     */
    public void upload(byte[] content, String remotePath, int mode) {
        uploads.upload(content, remotePath, mode);
    }

    public static SshSession connect(SshSettings settings, Console console) {
        HostKeyPolicy policy = new HostKeyPolicy(settings, console);
        SSHClient client = SshClients.configured(settings, console, policy);
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
            SshLogin.login(client, settings);
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
            StreamDrain out = new StreamDrain(cmd.getInputStream(), command.onStdoutLine(), "out");
            StreamDrain err = new StreamDrain(cmd.getErrorStream(), command.onStderrLine(), "err");
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
                        "Remote command on " + settings.host() + " did not finish within "
                                + Durations.human(command.timeout()) + ": "
                                + command.argv().get(0),
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

    @Override
    public void close() {
        closing = true;
        for (PortForward f : forwards) {
            f.close();
        }
        forwards.clear();
        // Disconnect first: a graceful close of the SFTP channel would wait for the reply of a peer that
        // stopped answering (up to the connection timeout); after the disconnect it returns at once.
        closeQuietly(client);
        uploads.close();
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
}
