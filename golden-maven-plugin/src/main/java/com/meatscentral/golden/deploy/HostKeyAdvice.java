package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.ssh.HostKeyRejectedException;
import com.meatscentral.golden.ssh.SshSession;
import com.meatscentral.golden.ssh.SshSettings;

/**
 * A refused host key names the manifest's own variable and CI secret to pin it with, or, when the
 * manifest has no variable for the fingerprint, exactly which variable to add and the command
 * that prints its value.
 */
final class HostKeyAdvice {

    private HostKeyAdvice() {}

    static SshSession connect(SshSettings settings, EnvironmentValues values, Console console) {
        try {
            return SshSession.connect(settings, console);
        } catch (HostKeyRejectedException e) {
            throw new GoldenException(
                    e.getMessage(),
                    advice(settings, values)
                            + (e.presented() == null ? "" : "; the droplet presented " + e.presented()),
                    e);
        }
    }

    static String advice(SshSettings settings, EnvironmentValues values) {
        String print =
                "`ssh-keyscan -p " + settings.port() + " " + settings.host() + " 2>/dev/null | ssh-keygen -lf -`";
        return values.secretName(Role.SSH_HOST_FINGERPRINT)
                .map(secret -> "pin the droplet's key: set the CI secret " + secret + " (variable "
                        + values.variableFor(Role.SSH_HOST_FINGERPRINT).orElseThrow() + ") in the GitHub environment '"
                        + values.environment().githubEnvironment() + "' to the SHA256 fingerprint " + print
                        + " prints, checked out of band")
                .orElse("the manifest has no variable for the host-key fingerprint: add SSH_HOST_FINGERPRINT (not"
                        + " required) to the environment's infrastructure secrets, set it in the GitHub environment '"
                        + values.environment().githubEnvironment() + "' to the SHA256 fingerprint " + print
                        + " prints (check it out of band)");
    }
}
