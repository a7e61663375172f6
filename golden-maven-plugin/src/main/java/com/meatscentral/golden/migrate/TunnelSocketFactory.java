package com.meatscentral.golden.migrate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * pgjdbc's {@code socketFactory} for {@code sslmode=verify-full} through the tunnel: the JDBC
 * URL names DB_HOST (so pgjdbc checks the certificate against the database's real name and
 * sends it as SNI), while every socket goes to the tunnel's local end, given as
 * {@code socketFactoryArg} ({@code 127.0.0.1:PORT}). pgjdbc does not connect a socket that
 * comes connected, so DB_HOST is never resolved on this machine. libpq's {@code hostaddr} does
 * the same for the migration container.
 */
public final class TunnelSocketFactory extends SocketFactory {

    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;

    private final String host;
    private final int port;

    /** @param hostPort {@code 127.0.0.1:PORT}, from pgjdbc's socketFactoryArg */
    public TunnelSocketFactory(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        this.host = hostPort.substring(0, colon);
        this.port = Integer.parseInt(hostPort.substring(colon + 1));
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    @Override
    public Socket createSocket(String ignoredHost, int ignoredPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String ignoredHost, int ignoredPort, InetAddress localHost, int localPort)
            throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress ignoredHost, int ignoredPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress ignoredAddress, int ignoredPort, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket();
    }
}
