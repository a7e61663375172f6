package com.meatscentral.golden.mojo;

import com.meatscentral.golden.deploy.DeployOptions;
import com.meatscentral.golden.deploy.DryRun;
import com.meatscentral.golden.deploy.MigrationStep;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.migrate.DatabaseTls;
import com.meatscentral.golden.migrate.ExtraMigrationEnv;
import com.meatscentral.golden.migrate.Migration;
import com.meatscentral.golden.migrate.MigrationCommand;
import com.meatscentral.golden.migrate.MigrationOptions;
import com.meatscentral.golden.migrate.MigrationPlan;
import com.meatscentral.golden.migrate.MigrationPlans;
import com.meatscentral.golden.migrate.RegistryAuth;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys one environment: the audit of its secrets from the process environment, the
 * migration (backend environments), then the container on the environment's droplet with
 * health checks and automatic rollback. Goal reference: deploy-mojo.html on the plugin's site.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class DeployMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.deploy.skip", defaultValue = "false")
    public void setDeploySkip(boolean deploySkip) {
        skipGoal(deploySkip);
    }

    /** Skips the migration a backend deploy runs first (e.g. when golden:migrate ran in an earlier step). */
    @Parameter(property = "golden.deploy.skipMigrate", defaultValue = "false")
    private boolean skipMigrate;

    /** Local end of the migration tunnel on 127.0.0.1 (as golden:migrate); 0 = any free port. */
    @Parameter(property = "golden.tunnel.port", defaultValue = "5433")
    private int tunnelPort;

    /** The migration command (as golden:migrate); default {@code python manage.py migrate --fake-initial --noinput}. */
    @Parameter(property = "golden.migrate.command")
    private String migrateCommand;

    /** Minutes the migration command may run before it is killed and the deploy fails (as golden:migrate). */
    @Parameter(property = "golden.migrate.timeoutMinutes", defaultValue = "30")
    private int migrateTimeoutMinutes;

    /**
     * Let Django's migrate (plain flags) run in the listing's container once the listing is judged: one container and
     * one Django start; false gives it a container of its own, started as the command says (about 1 s more) (as golden:migrate).
     */
    @Parameter(property = "golden.migrate.inProcess", defaultValue = "true")
    private boolean migrateInProcess;

    /** Breaking migrations the deploy's migration accepts by name (as golden:migrate); no wildcard. */
    @Parameter(property = "golden.migrate.allowBreaking")
    private String allowBreaking;

    /**
     * The service's checkout: its Django migration files (found as golden:verify finds them) that the database has not
     * applied are classified (as golden:migrate) before any container runs. Without migration files there, only the image's listing checks.
     */
    @Parameter(property = "golden.migrate.sourceRoot", defaultValue = "${basedir}")
    private java.io.File sourceRoot;

    /** Seconds the deploy's migration waits for another runner's migration lock on the same database (as golden:migrate). */
    @Parameter(property = "golden.migrate.lockWaitSeconds", defaultValue = "600")
    private int migrateLockWaitSeconds;

    /** Extra environment for the migration container, values in the POM, only for values that are not secret (as golden:migrate's migrateEnv). */
    @Parameter
    private java.util.Map<String, String> migrateEnv;

    /** Extra environment for the migration container by NAME: NAME or NAME=PROCESS_VARIABLE (as golden:migrate). */
    @Parameter(property = "golden.migrate.envFrom")
    private List<String> migrateEnvFrom;

    /** TLS of the bastion-to-database leg (connectivity check and DATABASE_URL): prefer, require, verify-ca or verify-full. */
    @Parameter(property = "golden.db.sslMode", defaultValue = "prefer")
    private String dbSslMode;

    /** NAME of the process-environment variable (a CI secret) holding the database's CA certificate in PEM; needed by verify-ca and verify-full. */
    @Parameter(property = "golden.db.sslRootCert")
    private String dbSslRootCert;

    /** Connect nowhere: print the plan (roles -> variables -> CI secrets, image, container, health, migration) and stop. */
    @Parameter(property = "golden.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run() {
        SourceRevision revision = SourceRevision.resolve(sha, environment(), basedir.toPath());
        DeployOptions options = options(revision.tagPart(), revision.dirty(), skipMigrate);
        if (dryRun) {
            dryRun(options, revision.tagPart());
            return;
        }
        core(migration()).deploy(options);
    }

    private void dryRun(DeployOptions options, String commit) {
        com.meatscentral.golden.manifest.Environment environment = com.meatscentral.golden.manifest.ManifestLoader.load(
                        options.manifest())
                .environment(options.env());
        List<String> command = skipMigrate || !environment.isBackend()
                ? null
                : java.util.Objects.requireNonNullElse(
                        MigrationCommand.parse(migrateCommand), MigrationPlan.DEFAULT_COMMAND);
        DryRun.run(
                DryRun.Plan.deploy("deploy", options, options.imageFor(environment, commit), command, tunnelPort),
                console(),
                redactor);
    }

    /**
     * The golden:migrate core, run in the same goal for backend environments before the
     * container is replaced: tunnel through the droplet, connectivity check, migration
     * container on this machine's engine running the image about to be deployed.
     */
    protected MigrationStep migration() {
        List<String> accepted = MigrationOptions.allowBreaking(allowBreaking); // a wildcard fails before anything runs
        return (values, image, console) -> {
            java.util.Map<String, String> extraEnv = ExtraMigrationEnv.resolve(
                    migrateEnv, migrateEnvFrom, values.secretsByVariable(), environment(), redactor::register);
            MigrationPlan plan = MigrationPlans.plan(
                    values,
                    connector()::settings,
                    image,
                    i -> pullLogin(i, values),
                    new MigrationPlans.Options(tunnelPort, migrateCommand, extraEnv),
                    redactor::register);
            console.info("golden:migrate " + plan);
            new Migration(redactor, console, environment())
                    .timeout(Duration.ofMinutes(Math.max(1, migrateTimeoutMinutes)))
                    .inProcess(migrateInProcess)
                    .databaseTls(DatabaseTls.resolve(dbSslMode, dbSslRootCert, environment()))
                    .options(new MigrationOptions(false, false, accepted, Duration.ofSeconds(migrateLockWaitSeconds)))
                    .actions(actions)
                    .checkout(sourceRoot == null ? null : sourceRoot.toPath())
                    .run(plan);
        };
    }

    /** The runner's login to pull the migration image, found as golden:push finds it (the manifest is loaded already). */
    private RegistryAuth pullLogin(String image, com.meatscentral.golden.manifest.EnvironmentValues values) {
        return RegistryAuth.forImage(registryCredentials(c -> c.withManifest(values), registrySecrets), image);
    }
}
