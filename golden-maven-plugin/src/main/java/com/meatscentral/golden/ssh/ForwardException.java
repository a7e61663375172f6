package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;

/** The bastion accepted our login but could not open a channel to the target (e.g. the DB host). */
public class ForwardException extends GoldenException {

    public ForwardException(String host, int port, String reason, Throwable cause) {
        super(
                "SSH login worked, but the bastion cannot reach " + host + ":" + port + " (channel open failed: "
                        + reason + ")",
                "check DB_HOST/DB_PORT, that the database runs, and that the bastion may reach it"
                        + " (trusted sources / firewall of the managed database; sshd AllowTcpForwarding)",
                cause);
    }
}
