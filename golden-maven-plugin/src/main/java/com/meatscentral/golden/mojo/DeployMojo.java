package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.deploy.MigrationStep;
import com.meatscentral.golden.deploy.SshDropletConnector;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.migrate.Migration;
import com.meatscentral.golden.migrate.MigrationCommand;
import com.meatscentral.golden.migrate.MigrationEnv;
import com.meatscentral.golden.migrate.MigrationPlan;
import com.meatscentral.golden.migrate.RegistryAuth;
import com.meatscentral.golden.ssh.SshSettings;
import java.time.Duration;
import java.util.List;
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

    /** Local end of the migration tunnel on 127.0.0.1 (as golden:migrate); 0 = any free port. */
    @Parameter(property = "golden.tunnel.port", defaultValue = "5433")
    private int tunnelPort;

    /** The migration command (as golden:migrate); default {@code python manage.py migrate --fake-initial --noinput}. */
    @Parameter(property = "golden.migrate.command")
    private String migrateCommand;

    /** Minutes the migration command may run before it is killed and the deploy fails (as golden:migrate). */
    @Parameter(property = "golden.migrate.timeoutMinutes", defaultValue = "30")
    private int migrateTimeoutMinutes;

    /** Extra environment for the migration container (as golden:migrate's migrateEnv). */
    @Parameter
    private java.util.Map<String, String> migrateEnv;

    @Override
    protected void run() {
        SourceRevision revision = SourceRevision.resolve(sha, environment(), basedir.toPath());
        core(migration()).deploy(options(revision.tagPart(), revision.dirty(), skipMigrate));
    }

    /**
     * The golden:migrate core, run in the same goal for backend environments before the
     * container is replaced: tunnel through the droplet, connectivity check, migration
     * container on this machine's engine running the image about to be deployed.
     */
    protected MigrationStep migration() {
        return (values, image, console) -> {
            SshSettings ssh = connector().settings(values);
            int dbPort;
            try {
                dbPort = Integer.parseInt(values.optional("DB_PORT").orElse("5432").strip());
            } catch (NumberFormatException e) {
                throw new GoldenException("DB_PORT of " + values.environment().name() + " is not a number",
                        "set the DB_PORT secret to the database port, e.g. 5432");
            }
            if (migrateEnv != null) {
                migrateEnv.values().forEach(redactor::register);
            }
            MigrationPlan plan = new MigrationPlan(values.environment().name(), ssh, values.require("DB_HOST"), dbPort,
                    values.require("DB_NAME"), values.require("DB_USER"), values.require("DB_PASSWORD"), tunnelPort, image,
                    pullLogin(image, values), values.optional("DJANGO_SETTINGS_MODULE").orElse(null), values.require("SECRET_KEY"),
                    MigrationEnv.from(values, migrateEnv), MigrationCommand.parse(migrateCommand));
            console.info("golden:migrate " + plan);
            new Migration(redactor, console, environment()).timeout(Duration.ofMinutes(Math.max(1, migrateTimeoutMinutes))).run(plan);
        };
    }

    /** The runner's login to pull the migration image, found as golden:push finds it (the manifest is loaded already). */
    private RegistryAuth pullLogin(String image, com.meatscentral.golden.manifest.EnvironmentValues values) {
        return RegistryAuth.forImage(registryCredentials(c -> c.withManifest(values), registrySecrets), image);
    }
}
