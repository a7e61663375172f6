package com.meatscentral.golden.deploy;

import com.meatscentral.golden.manifest.ReferenceManifest;
import com.meatscentral.golden.ssh.ExecResult;
import com.meatscentral.golden.ssh.RemoteCommand;
import java.time.Duration;
import java.util.Map;

/**
 * The connection a test's {@link DropletConnector} hands out: a fake droplet, nothing else
 * (no raw exec or upload), and a hook to count closes; plus the DeployOptions the environment
 * tests deploy the reference manifest with.
 */
record FakeConnection(Droplet droplet, String describe, Runnable onClose) implements DropletConnector.Connection {

    /** golden:deploy of {@code envName} from the reference manifest, the process environment {@code processEnv}. */
    static DeployOptions options(
            String envName, String sha, boolean dirty, String registry, Map<String, String> processEnv) {
        return options(envName, sha, dirty, registry, processEnv, b -> {});
    }

    /** As {@link #options(String, String, boolean, String, Map)}, then {@code more} set on top. */
    static DeployOptions options(
            String envName,
            String sha,
            boolean dirty,
            String registry,
            Map<String, String> processEnv,
            java.util.function.Consumer<DeployOptions.Builder> more) {
        return DeployOptions.of(b -> {
            b.manifest = ReferenceManifest.path();
            b.env = envName;
            b.sha = sha;
            b.dirtyTree = dirty;
            b.registry = registry;
            b.backendImage = "pm-backend";
            b.frontendImage = "pm-frontend";
            b.health = HealthPolicy.DEFAULT;
            b.lockWait = Duration.ofSeconds(5);
            b.who = "alice";
            b.processEnv = processEnv;
            more.accept(b);
        });
    }

    @Override
    public ExecResult exec(RemoteCommand command) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void upload(String path, byte[] content, int mode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
