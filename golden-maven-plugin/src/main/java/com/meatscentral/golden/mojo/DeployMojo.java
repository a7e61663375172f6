package com.meatscentral.golden.mojo;

import com.meatscentral.golden.deploy.MigrationStep;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys one environment: the audit of its secrets from the process environment, the
 * migration (backend environments), then the container on the environment's droplet with
 * health checks and automatic rollback. See docs/goals/deploy.md.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class DeployMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.deploy.skip", defaultValue = "false")
    private boolean deploySkip;

    /** Skips the migration a backend deploy runs first (e.g. when golden:migrate ran in an earlier step). */
    @Parameter(property = "golden.deploy.skipMigrate", defaultValue = "false")
    private boolean skipMigrate;

    @Override
    protected String goal() {
        return "deploy";
    }

    @Override
    protected boolean goalSkipped() {
        return deploySkip;
    }

    @Override
    protected void run() {
        GitRevision revision = GitRevision.resolve(sha, environment(), basedir.toPath());
        core(migration()).deploy(options(revision.sha(), revision.dirty(), skipMigrate));
    }

    /** The golden:migrate core, run in the same goal for backend environments. */
    protected MigrationStep migration() {
        return MigrationStep.NONE;
    }
}
