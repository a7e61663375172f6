package com.meatscentral.golden.mojo;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what runs in an environment: container, image, sha, digest, up since, health and the
 * deploy lock's holder. Read-only. Goal reference: status-mojo.html on the plugin's site.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.status.skip", defaultValue = "false")
    private boolean statusSkip;

    @Override
    protected String goal() {
        return "status";
    }

    @Override
    protected boolean goalSkipped() {
        return statusSkip;
    }

    @Override
    protected void run() {
        core(com.meatscentral.golden.deploy.MigrationStep.NONE).status(options("status", false, true));
    }
}
