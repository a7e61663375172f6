package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.manifest.EnvironmentValues;

/**
 * Opens the one SSH connection a goal uses for every droplet command: to the environment's
 * BASTION_HOST as BASTION_USER, with SSH_PASSWORD and/or SSH_PRIVATE_KEY, host key checked
 * against SSH_HOST_FINGERPRINT or known_hosts. Production: the ssh package's session.
 */
@FunctionalInterface
public interface DropletConnector {

    Connection connect(EnvironmentValues values, Console console);

    /** A shell on the droplet that must be closed (in finally). */
    interface Connection extends RemoteShell, AutoCloseable {
        @Override
        void close();

        /** The deploy operations over this connection. */
        default Droplet droplet() {
            return new ShellDroplet(this);
        }
    }
}
