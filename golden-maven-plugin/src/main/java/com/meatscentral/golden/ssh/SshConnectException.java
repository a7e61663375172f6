package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;

/** The TCP connection or the SSH handshake to host:port failed (not a host-key or login refusal). */
public class SshConnectException extends GoldenException {

    private final String host;
    private final int port;

    public SshConnectException(String host, int port, String reason, Throwable cause) {
        super(
                "Cannot connect to SSH server " + host + ":" + port + ": " + reason,
                "check BASTION_HOST and the port, that sshd runs there and that this machine may reach it (firewall, VPC rules)",
                cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
