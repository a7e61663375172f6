package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.RoleNeed;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import com.meatscentral.golden.ssh.SshSession;
import com.meatscentral.golden.ssh.SshSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The production {@link DropletConnector}: one {@link SshSession} (SSHJ, host key verified)
 * to the environment's droplet (role ssh_host), reused for every command of the goal.
 */
public final class SshDropletConnector implements DropletConnector {

    private final int port;
    private final Path knownHosts;
    private final java.util.function.Consumer<SshSettings.Builder> options;

    /** @param knownHosts null: the ssh package's default (~/.ssh/known_hosts) */
    public SshDropletConnector(int port, Path knownHosts) {
        this(port, knownHosts, b -> {});
    }

    /**
     * @param options the goal's SSH options (host-key override, connect timeout, keep-alive),
     *                applied to every connection's settings, the migration's tunnel included
     */
    public SshDropletConnector(int port, Path knownHosts, java.util.function.Consumer<SshSettings.Builder> options) {
        this.port = port;
        this.knownHosts = knownHosts;
        this.options = options;
    }

    /** The connection settings from the environment's SSH roles; every missing one is named at once. */
    public SshSettings settings(EnvironmentValues values) {
        values.require(RoleNeed.SSH);
        Optional<Path> fromRole = values.get(Role.SSH_KNOWN_HOSTS).map(KnownHostsFile::write);
        Path hosts = fromRole.orElse(knownHosts);
        return SshSettings.of(values.require(Role.SSH_HOST), values.require(Role.SSH_USER), b -> {
            b.port = port;
            b.password = values.get(Role.SSH_PASSWORD).orElse(null);
            b.privateKey = values.get(Role.SSH_PRIVATE_KEY).orElse(null);
            values.get(Role.SSH_HOST_FINGERPRINT).ifPresent(b.fingerprints::add);
            b.knownHosts = hosts == null ? null : List.of(hosts);
            options.accept(b);
            // The role's lines always count: files the options name (golden.ssh.knownHosts) are read with
            // them, not instead (a goal's empty list of files used to drop the role's file).
            fromRole.filter(f -> b.knownHosts == null || !b.knownHosts.contains(f))
                    .ifPresent(f -> {
                        List<Path> all = new java.util.ArrayList<>(List.of(f));
                        all.addAll(b.knownHosts == null ? List.of() : b.knownHosts);
                        b.knownHosts = all;
                    });
        });
    }

    @Override
    public Connection connect(EnvironmentValues values, Console console) {
        SshSettings settings = settings(values);
        SshSession session = HostKeyAdvice.connect(settings, values, console);
        String where = settings.user() + "@" + settings.host();
        return new Connection() {
            @Override
            public ExecResult exec(RemoteCommand command) {
                console.debug("[" + where + "] " + command.commandLine());
                return session.exec(command);
            }

            @Override
            public void upload(String path, byte[] content, int mode) {
                console.debug("[" + where + "] upload " + path + " (mode " + Integer.toOctalString(mode) + ")");
                session.upload(content, path, mode);
            }

            @Override
            public String describe() {
                return where;
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }
}
