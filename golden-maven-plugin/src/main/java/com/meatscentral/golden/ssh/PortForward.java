package com.meatscentral.golden.ssh;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * A local port forward 127.0.0.1:port -> target host:port through the SSH connection, with
 * its own accept loop: each accepted socket gets its own direct-tcpip channel, so one
 * channel that fails to open (the DB host unreachable from the bastion) closes that socket
 * only. SSHJ's LocalPortForwarder.listen() ends on such a failure; this does not.
 * {@link #close()} is safe at any time and leaves nothing listening.
 */
public final class PortForward implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final SSHClient client;
    private final String targetHost;
    private final int targetPort;
    private final Console console;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger openFailures = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean closed;

    PortForward(SSHClient client, int localPort, String targetHost, int targetPort, Console console) {
        this.client = client;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.console = console;
        this.server = bind(localPort);
        this.acceptor = new Thread(this::acceptLoop, "golden-forward-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static ServerSocket bind(int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return socket;
        } catch (BindException e) {
            closeQuietly(socket);
            throw new GoldenException(
                    "Tunnel port 127.0.0.1:" + port + " is busy: " + e.getMessage(),
                    "stop what listens there (`ss -ltnp 'sport = :" + port + "'` shows it; a leftover `ssh -L` tunnel?)"
                            + " or choose another port with -Dgolden.tunnel.port (0 = any free port)",
                    e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new GoldenException(
                    "Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(),
                    "choose another port with -Dgolden.tunnel.port (0 = any free port)",
                    e);
        }
    }

    /** The local port actually listening (the chosen one when 0 was asked). */
    public int localPort() {
        return server.getLocalPort();
    }

    public String target() {
        return targetHost + ":" + targetPort;
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Channels the bastion refused to open (target unreachable from there). */
    public int openFailures() {
        return openFailures.get();
    }

    /** The reason of the last refused channel, if any. */
    public String lastOpenFailure() {
        return lastFailure.get();
    }

    public boolean isOpen() {
        return !closed && client.isConnected();
    }

    /**
     * Opens one channel to the target and closes it again: proves the bastion reaches the
     * target. Throws a {@link ForwardException} naming the leg that failed.
     */
    public void probe() {
        try {
            DirectConnection channel = client.newDirectConnection(targetHost, targetPort);
            channel.close();
        } catch (IOException e) {
            throw new ForwardException(targetHost, targetPort, reason(e), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    console.warn("tunnel 127.0.0.1:" + localPort() + ": accept failed: " + e.getMessage());
                }
                continue;
            }
            connections.incrementAndGet();
            Thread handler = new Thread(() -> serve(socket), "golden-forward-conn-" + localPort());
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        DirectConnection channel;
        try {
            channel = client.newDirectConnection(targetHost, targetPort);
        } catch (IOException e) {
            // The bastion could not reach the target: close this socket, keep listening.
            openFailures.incrementAndGet();
            String why = reason(e);
            lastFailure.set(why);
            console.warn("tunnel 127.0.0.1:" + localPort() + " -> " + target()
                    + ": the bastion could not open a channel: " + why);
            closeQuietly(socket);
            open.remove(socket);
            return;
        }
        open.add(channel);
        try {
            socket.setTcpNoDelay(true);
            Thread upstream = new Thread(() -> pump(socket, channel, true), "golden-forward-up-" + localPort());
            upstream.setDaemon(true);
            upstream.start();
            pump(socket, channel, false);
            upstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            // socket already closed
        } finally {
            closeQuietly(channel);
            closeQuietly(socket);
            open.remove(channel);
            open.remove(socket);
        }
    }

    /** Copies one direction; at EOF half-closes the other side so protocols with a final message work. */
    private static void pump(Socket socket, DirectConnection channel, boolean upstream) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = upstream ? socket.getInputStream() : channel.getInputStream();
            OutputStream out = upstream ? channel.getOutputStream() : socket.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (in.available() == 0) {
                    out.flush(); // only when idle: flushing every read sends many short packets
                }
            }
            if (upstream) {
                out.close(); // sends EOF on the channel
            } else {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            // The other side went away: close both so the peer pump ends too.
            closeQuietly(channel);
            closeQuietly(socket);
        }
    }

    static String reason(Throwable e) {
        Throwable t = e;
        StringBuilder why = new StringBuilder();
        while (t != null) {
            if (t.getMessage() != null && !why.toString().contains(t.getMessage())) {
                if (!why.isEmpty()) {
                    why.append(": ");
                }
                why.append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return why.isEmpty() ? e.getClass().getSimpleName() : why.toString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        for (AutoCloseable c : open) {
            closeQuietly(c);
        }
        open.clear();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort: we are tearing down
        }
    }

    @Override
    public String toString() {
        return "127.0.0.1:" + localPort() + " -> " + target();
    }
}
