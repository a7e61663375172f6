package com.meatscentral.golden.mojo;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Releases an environment's deploy lock on its droplet, e.g. after a runner died mid-deploy;
 * prints who held it. Goal reference: unlock-mojo.html on the plugin's site.
 */
@Mojo(name = "unlock", requiresProject = false, threadSafe = true)
public class UnlockMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.unlock.skip", defaultValue = "false")
    public void setUnlockSkip(boolean unlockSkip) {
        skipGoal(unlockSkip);
    }

    @Override
    protected void run() {
        core(com.meatscentral.golden.deploy.MigrationStep.NONE).unlock(options(null, false, true));
    }
}
