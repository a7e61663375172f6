package com.meatscentral.golden.ssh;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;

/**
 * Logs a connected client in: the private key first (a key that cannot be read is said so, not
 * reported as a refusal), then the password; a refusal names what was refused and what to check.
 */
final class SshLogin {

    private SshLogin() {}

    static void login(SSHClient client, SshSettings s) {
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
}
