package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.deploy.DropletHosts;
import com.meatscentral.golden.deploy.DryRun;
import com.meatscentral.golden.image.ImageReference;
import com.meatscentral.golden.image.ImageTags;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.RoleBindings;
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
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the Django migrations of a backend environment through the bastion tunnel:
 * SSH to the droplet (role ssh_host), forward 127.0.0.1:{tunnelPort} to db_host:db_port, check the database
 * with SELECT version(), run the backend image's migrate command on the host network, clean up.
 */
@Mojo(name = "migrate", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class MigrateMojo extends AbstractEnvironmentMojo {

    /** Local end of the tunnel on 127.0.0.1; 0 = any free port. */
    @Parameter(property = "golden.tunnel.port", defaultValue = "5433")
    private int tunnelPort;

    /**
     * The full image reference to run; overrides registry/image/sha (as golden:status's). The old name
     * {@code <imageReference>} still works for one release, with a warning.
     */
    @Parameter(property = "golden.migrate.image", alias = "imageReference")
    private String migrateImage;

    /**
     * Minutes the migration command may run before it is killed and the goal fails (as golden:deploy's).
     * The old name {@code <timeoutMinutes>} still works for one release, with a warning.
     */
    @Parameter(property = "golden.migrate.timeoutMinutes", alias = "timeoutMinutes", defaultValue = "30")
    private int migrateTimeoutMinutes;

    /**
     * Let Django's migrate (plain flags) run in the listing's container once the listing is judged: one container and
     * one Django start; false gives it a container of its own, started as the command says (about 1 s more) (as golden:deploy's).
     */
    @Parameter(property = "golden.migrate.inProcess", defaultValue = "true")
    private boolean migrateInProcess;

    /**
     * The migration command (as golden:deploy's); default {@code python manage.py migrate --fake-initial --noinput}.
     * The old name {@code <command>} still works for one release, with a warning.
     */
    @Parameter(property = "golden.migrate.command", alias = "command")
    private String migrateCommand;

    /** Extra environment for the migration container, values in the POM: only for values that are not secret (a known secret is refused). */
    @Parameter
    private Map<String, String> migrateEnv;

    /** Extra environment for the migration container by NAME: NAME or NAME=PROCESS_VARIABLE, read from the process environment (secrets go here). */
    @Parameter(property = "golden.migrate.envFrom")
    private List<String> migrateEnvFrom;

    /** Extra registry logins from CI secrets, {@code host=SECRET} or {@code host=USER_SECRET:PASSWORD_SECRET} (as golden:push). */
    @Parameter(property = "golden.registrySecrets")
    private java.util.List<String> registrySecrets;

    /** TLS of the bastion-to-database leg (connectivity check and DATABASE_URL): prefer, require, verify-ca or verify-full. */
    @Parameter(property = "golden.db.sslMode", defaultValue = "prefer")
    private String dbSslMode;

    /** NAME of the process-environment variable (a CI secret) holding the database's CA certificate in PEM; needed by verify-ca and verify-full. */
    @Parameter(property = "golden.db.sslRootCert")
    private String dbSslRootCert;

    /** List the pending migrations (app, name, operations, safety) and stop: nothing is applied. */
    @Parameter(property = "golden.migrate.plan", defaultValue = "false")
    private boolean plan;

    /** Print the SQL of each pending migration (sqlmigrate) and stop: nothing is applied. */
    @Parameter(property = "golden.migrate.sql", defaultValue = "false")
    private boolean sql;

    /** Breaking migrations accepted by name ({@code app.name}, comma separated); no wildcard. */
    @Parameter(property = "golden.migrate.allowBreaking")
    private String allowBreaking;

    /**
     * The service's checkout: its Django migration files (found as golden:verify finds them) that the database has not
     * applied are classified before any container runs. Without migration files there, only the image's listing checks.
     */
    @Parameter(property = "golden.migrate.sourceRoot", defaultValue = "${basedir}")
    private java.io.File sourceRoot;

    /**
     * Seconds to wait for another runner's migration lock on the same database (as golden:deploy's).
     * The old name {@code <lockWaitSeconds>} still works for one release, with a warning.
     */
    @Parameter(property = "golden.migrate.lockWaitSeconds", alias = "lockWaitSeconds", defaultValue = "600")
    private int migrateLockWaitSeconds;

    /** Skips this goal. */
    @Parameter(property = "golden.migrate.skip", defaultValue = "false")
    public void setMigrateSkip(boolean migrateSkip) {
        skipGoal(migrateSkip);
    }

    /** Which manifest variable plays a role, where no alias names it: {@code role=VARIABLE} (as golden:deploy). */
    @Parameter(property = "golden.roles")
    private List<String> roles;

    /** The image tag: {env}, {target} (the environment's deployment_target) and {sha} (as golden:build). */
    @Parameter(property = "golden.image.tagTemplate", defaultValue = "{env}-{sha}")
    private String tagTemplate;

    /** Connect nowhere: print the plan (roles -> variables -> CI secrets, image, tunnel, command) and stop. */
    @Parameter(property = "golden.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected Map<String, String> deprecatedParameterNames() {
        return Map.of(
                "timeoutMinutes", "migrateTimeoutMinutes",
                "command", "migrateCommand",
                "lockWaitSeconds", "migrateLockWaitSeconds",
                "imageReference", "migrateImage");
    }

    @Override
    protected void run() {
        if (env == null || env.isBlank()) {
            throw new GoldenException(
                    "No environment given to golden:migrate", "run with -Denv=<backend env>, e.g. -Denv=dev-backend");
        }
        Manifest m = ManifestLoader.load(manifest.toPath());
        Environment environment = m.environment(env);
        if (!environment.isBackend()) {
            throw new GoldenException(
                    "Environment " + env + " is a " + environment.type().jsonName()
                            + " environment: it has no database to migrate",
                    "run golden:migrate with a backend environment ("
                            + String.join(
                                    ", ",
                                    m.environmentNames().stream()
                                            .filter(n -> m.environment(n).isBackend())
                                            .toList())
                            + ")");
        }
        Map<String, String> processEnv = environment();
        Map<String, String> roleBindings = RoleBindings.parseAssignments(roles, "golden.roles");
        String image = image(processEnv, environment);
        if (dryRun) {
            DryRun.run(
                    DryRun.Plan.migrate(
                            manifest.toPath(),
                            env,
                            processEnv,
                            roleBindings,
                            image,
                            java.util.Objects.requireNonNullElse(
                                    MigrationCommand.parse(migrateCommand), MigrationPlan.DEFAULT_COMMAND),
                            tunnelPort),
                    console(),
                    redactor);
            return;
        }
        EnvironmentValues values = m.withRoles(roleBindings, "golden.roles").valuesFor(env, processEnv);
        // Before anything can print them. The pinned host-key fingerprint is a hash of a public
        // key, not a secret: a refused key must show it next to the presented one.
        String pinned = values.get(Role.SSH_HOST_FINGERPRINT).orElse(null);
        values.secretsByVariable().forEach((name, v) -> {
            if (!v.equals(pinned)) {
                redactor.register(name, v);
            }
        });
        Map<String, String> extraEnv = ExtraMigrationEnv.resolve(
                migrateEnv, migrateEnvFrom, values.secretsByVariable(), processEnv, redactor::register);
        DatabaseTls tls = DatabaseTls.resolve(dbSslMode, dbSslRootCert, processEnv);
        MigrationPlan plan = MigrationPlans.plan(
                DropletHosts.bastionValues(values), // several droplets: the migration goes through the bastion
                connector()::settings,
                image,
                i -> registryAuth(i, values),
                new MigrationPlans.Options(tunnelPort, migrateCommand, extraEnv),
                redactor::register);
        console().info("golden:migrate " + plan);
        Migration.Result result = new Migration(redactor, console(), processEnv)
                .timeout(Duration.ofMinutes(Math.max(1, migrateTimeoutMinutes)))
                .inProcess(migrateInProcess)
                .databaseTls(tls)
                .options(new MigrationOptions(
                        this.plan,
                        sql,
                        MigrationOptions.allowBreaking(allowBreaking),
                        Duration.ofSeconds(migrateLockWaitSeconds)))
                .actions(actions)
                .checkout(sourceRoot == null ? null : sourceRoot.toPath())
                .run(plan);
        actions.setOutput("migrate-database-version", result.databaseVersion());
        actions.setOutput("migrate-pending", String.valueOf(result.pending()));
    }

    /** {@code {registry}/{image}:{tag template}} (as golden:build tagged it), unless a full reference is given. */
    String image(Map<String, String> processEnv, Environment environment) {
        if (migrateImage != null && !migrateImage.isBlank()) {
            return ImageReference.parse(migrateImage.trim(), "golden.migrate.image")
                    .toString();
        }
        SourceRevision revision = SourceRevision.resolve(sha, processEnv, basedir.toPath());
        String registry = registries == null
                ? ""
                : registries.stream()
                        .filter(r -> r != null && !r.isBlank())
                        .findFirst()
                        .orElse("")
                        .trim();
        String repo = registry.isEmpty() ? backendImage : registry.replaceAll("/+$", "") + "/" + backendImage;
        String tag =
                ImageTags.tag(tagTemplate, env, environment.deploymentTarget().orElse(env), revision.tagPart());
        return ImageReference.parse(repo + ":" + tag, "golden.registries/golden.deploy.backendImage")
                .toString();
    }

    /** The pull login for the image's registry, found as golden:push finds it (manifest secret, settings.xml, docker config.json). */
    private RegistryAuth registryAuth(String image, EnvironmentValues values) {
        return RegistryAuth.forImage(registryCredentials(c -> c.withManifest(values), registrySecrets), image);
    }
}
