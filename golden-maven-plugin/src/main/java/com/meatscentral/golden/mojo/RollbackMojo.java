package com.meatscentral.golden.mojo;

import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Redeploys the previous successful sha of an environment from the droplet's deploy history
 * (or {@code -Dgolden.sha}), with the same health checks and rollback as golden:deploy.
 * No audit, no migration. Goal reference: rollback-mojo.html on the plugin's site.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.rollback.skip", defaultValue = "false")
    public void setRollbackSkip(boolean rollbackSkip) {
        skipGoal(rollbackSkip);
    }

    /** Connect nowhere: print the plan (roles -> variables -> CI secrets, image, container, health) and stop. */
    @Parameter(property = "golden.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run() {
        Optional<String> target = Optional.ofNullable(sha).map(String::strip).filter(s -> !s.isEmpty());
        if (dryRun) {
            com.meatscentral.golden.deploy.DeployOptions o = options(target.orElse(null), false, true);
            String image = target.map(t -> o.imageFor(
                            com.meatscentral.golden.manifest.ManifestLoader.load(o.manifest())
                                    .environment(o.env()),
                            t))
                    .orElse(null);
            com.meatscentral.golden.deploy.DryRun.run(
                    com.meatscentral.golden.deploy.DryRun.Plan.deploy("rollback", o, image, null, 0),
                    console(),
                    redactor);
            return;
        }
        core(com.meatscentral.golden.deploy.MigrationStep.NONE)
                .rollback(options(target.orElse(null), false, true), target);
    }
}
