package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.image.ImageReference;
import com.meatscentral.golden.image.ImageTags;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.migrate.Migration;
import com.meatscentral.golden.migrate.MigrationCommand;
import com.meatscentral.golden.migrate.MigrationEnv;
import com.meatscentral.golden.migrate.MigrationOptions;
import com.meatscentral.golden.migrate.MigrationPlan;
import com.meatscentral.golden.migrate.RegistryAuth;
import com.meatscentral.golden.ssh.SshSettings;
import java.io.File;
import java.time.Duration;
import java.util.List;

import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the Django migrations of a backend environment through the bastion tunnel:
 * SSH to BASTION_HOST, forward 127.0.0.1:{tunnelPort} to DB_HOST:DB_PORT, check the database
 * with SELECT version(), run the backend image's migrate command on the host network, clean up.
 */
@Mojo(name = "migrate", defaultPhase = LifecyclePhase.DEPLOY, requiresProject = false, threadSafe = true)
public class MigrateMojo extends AbstractGoldenMojo {

    /** The manifest that maps variables to CI secret names. */
    @Parameter(property = "golden.manifest", defaultValue = "${basedir}/config/env.manifest.json")
    private File manifest;

    /** The backend environment, e.g. {@code dev-backend}. */
    @Parameter(property = "env")
    private String env;

    /** Local end of the tunnel on 127.0.0.1; 0 = any free port. */
    @Parameter(property = "golden.tunnel.port", defaultValue = "5433")
    private int tunnelPort;

    /** SSH port of the bastion. */
    @Parameter(property = "golden.ssh.port", defaultValue = "22")
    private int sshPort;

    /** Accept any bastion host key (with a loud warning). Never for production. */
    @Parameter(property = "golden.ssh.insecureHostKey", defaultValue = "false")
    private boolean insecureHostKey;

    /** known_hosts file used when SSH_HOST_FINGERPRINT is not set; default ~/.ssh/known_hosts. */
    @Parameter(property = "golden.ssh.knownHosts")
    private File knownHosts;

    /** Seconds to wait for the bastion's TCP/SSH handshake. */
    @Parameter(property = "golden.ssh.connectTimeout", defaultValue = "15")
    private int connectTimeoutSeconds;

    /** Keep-alive interval in seconds; the bastion counts as dead after interval x count unanswered. */
    @Parameter(property = "golden.ssh.keepAliveInterval", defaultValue = "5")
    private int keepAliveSeconds;

    @Parameter(property = "golden.ssh.keepAliveCount", defaultValue = "3")
    private int keepAliveCount;

    /** The full image reference to run; overrides registry/image/sha. */
    @Parameter(property = "golden.migrate.image")
    private String imageReference;

    /** Registries the images were pushed to (as golden:build/push/deploy); the first one is pulled from. */
    @Parameter(property = "golden.registries", defaultValue = "registry.digitalocean.com/meatscentral")
    private List<String> registries;

    /** Backend image name inside the registry (as golden:deploy). */
    @Parameter(property = "golden.deploy.backendImage", defaultValue = "backend")
    private String backendImage;

    /** Minutes the migration command may run before it is killed and the goal fails. */
    @Parameter(property = "golden.migrate.timeoutMinutes", defaultValue = "30")
    private int timeoutMinutes;

    /** Commit SHA of the image tag {env}-{sha}; default GITHUB_SHA. */
    @Parameter(property = "golden.sha")
    private String sha;

    /** The migration command; default {@code python manage.py migrate --fake-initial --noinput}. */
    @Parameter(property = "golden.migrate.command")
    private String command;

    /** Extra environment for the migration container (POM configuration). Values are treated as secrets in logs. */
    @Parameter
    private Map<String, String> migrateEnv;

    /** Extra registry logins from CI secrets, {@code host=SECRET} or {@code host=USER_SECRET:PASSWORD_SECRET} (as golden:push). */
    @Parameter(property = "golden.registrySecrets")
    private java.util.List<String> registrySecrets;

    /** Where the commit is read from when neither -Dgolden.sha nor GITHUB_SHA is given. */
    @Parameter(defaultValue = "${basedir}", readonly = true)
    private File basedir;

    /** List the pending migrations (app, name, operations, safety) and stop: nothing is applied. */
    @Parameter(property = "golden.migrate.plan", defaultValue = "false")
    private boolean plan;

    /** Print the SQL of each pending migration (sqlmigrate) and stop: nothing is applied. */
    @Parameter(property = "golden.migrate.sql", defaultValue = "false")
    private boolean sql;

    /** Breaking migrations accepted by name ({@code app.name}, comma separated); no wildcard. */
    @Parameter(property = "golden.migrate.allowBreaking")
    private String allowBreaking;

    /** Seconds to wait for another runner's migration lock on the same database. */
    @Parameter(property = "golden.migrate.lockWaitSeconds", defaultValue = "600")
    private int lockWaitSeconds;

    /** Skips this goal. */
    @Parameter(property = "golden.migrate.skip", defaultValue = "false")
    private boolean migrateSkip;

    @Override
    protected String goal() {
        return "migrate";
    }

    @Override
    protected boolean goalSkipped() {
        return migrateSkip;
    }

    @Override
    protected void run() {
        if (env == null || env.isBlank()) {
            throw new GoldenException("No environment given to golden:migrate", "run with -Denv=<backend env>, e.g. -Denv=dev-backend");
        }
        Manifest m = ManifestLoader.load(manifest.toPath());
        Environment environment = m.environment(env);
        if (!environment.isBackend()) {
            throw new GoldenException("Environment " + env + " is a " + environment.type().jsonName()
                    + " environment: it has no database to migrate",
                    "run golden:migrate with a backend environment (" + String.join(", ",
                            m.environmentNames().stream().filter(n -> m.environment(n).isBackend()).toList()) + ")");
        }
        Map<String, String> processEnv = environment();
        EnvironmentValues values = m.valuesFor(env, processEnv);
        // Before anything can print them. The pinned host-key fingerprint is a hash of a public
        // key, not a secret: a refused key must show it next to the presented one.
        String pinned = values.get("SSH_HOST_FINGERPRINT").orElse(null);
        values.secretValues().stream().filter(v -> !v.equals(pinned)).forEach(redactor::register);
        if (migrateEnv != null) {
            migrateEnv.values().forEach(redactor::register);
        }
        requireForMigration(values);

        SshSettings ssh = SshSettings.builder(values.require("BASTION_HOST"), values.require("BASTION_USER"))
                .port(sshPort)
                .password(values.optional("SSH_PASSWORD").orElse(null))
                .privateKey(values.optional("SSH_PRIVATE_KEY").orElse(null), null)
                .fingerprint(values.optional("SSH_HOST_FINGERPRINT").orElse(""))
                .knownHosts(knownHosts == null ? null : knownHosts.toPath())
                .insecureHostKey(insecureHostKey)
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .keepAlive(Duration.ofSeconds(keepAliveSeconds), keepAliveCount)
                .build();
        String image = image(processEnv);
        MigrationPlan plan = new MigrationPlan(env, ssh,
                values.require("DB_HOST"), dbPort(values), values.require("DB_NAME"), values.require("DB_USER"),
                values.require("DB_PASSWORD"), tunnelPort, image, registryAuth(image, values),
                values.optional("DJANGO_SETTINGS_MODULE").orElse(null), values.require("SECRET_KEY"),
                MigrationEnv.from(values, migrateEnv), MigrationCommand.parse(command));
        console().info("golden:migrate " + plan);
        Migration.Result result = new Migration(redactor, console(), processEnv)
                .timeout(Duration.ofMinutes(Math.max(1, timeoutMinutes)))
                .options(new MigrationOptions(this.plan, sql, MigrationOptions.allowBreaking(allowBreaking),
                        Duration.ofSeconds(lockWaitSeconds))).actions(actions).run(plan);
        actions.setOutput("migrate-database-version", result.databaseVersion());
        actions.setOutput("migrate-pending", String.valueOf(result.pending()));
    }

    /** What a migration needs (not the app role or registry token): all missing ones in one message. */
    private void requireForMigration(EnvironmentValues values) {
        List<String> missing = NEEDED.stream().filter(v -> values.get(v).isEmpty())
                .map(v -> v + " -> " + values.secretName(v).orElse(v)).toList();
        if (values.get("SSH_PASSWORD").isEmpty() && values.get("SSH_PRIVATE_KEY").isEmpty()) {
            missing = new java.util.ArrayList<>(missing);
            missing.add("SSH_PASSWORD -> " + values.secretName("SSH_PASSWORD").orElse("SSH_PASSWORD")
                    + " (or SSH_PRIVATE_KEY -> " + values.secretName("SSH_PRIVATE_KEY").orElse("SSH_PRIVATE_KEY") + ")");
        }
        if (!missing.isEmpty()) {
            throw new GoldenException("golden:migrate " + env + " is missing " + missing.size() + " value"
                    + (missing.size() == 1 ? "" : "s") + " (variable -> secret):" + System.lineSeparator() + "  "
                    + String.join(System.lineSeparator() + "  ", missing),
                    "set each secret named after the arrow in the process environment (in GitHub Actions: map `secrets.NAME`"
                            + " into the step's env); `mvn golden:audit -Denv=" + env + "` checks them all");
        }
    }

    private static final List<String> NEEDED = List.of("BASTION_HOST", "BASTION_USER", "DB_HOST", "DB_NAME", "DB_USER",
            "DB_PASSWORD", "SECRET_KEY");

    private static int dbPort(EnvironmentValues values) {
        String port = values.optional("DB_PORT").orElse("5432");
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new GoldenException("DB_PORT is not a number (secret " + values.secretName("DB_PORT").orElse("DB_PORT") + ")",
                    "set it to the database port, e.g. 5432 (DigitalOcean managed databases: 25060)");
        }
    }

    /** {@code {registry}/{image}:{env}-{sha}} (the images package's tag), unless a full reference is given. */
    String image(Map<String, String> processEnv) {
        if (imageReference != null && !imageReference.isBlank()) {
            return ImageReference.parse(imageReference.trim(), "golden.migrate.image").toString();
        }
        SourceRevision revision = SourceRevision.resolve(sha, processEnv, basedir.toPath());
        String registry = registries == null ? "" : registries.stream().filter(r -> r != null && !r.isBlank())
                .findFirst().orElse("").trim();
        String repo = registry.isEmpty() ? backendImage : registry.replaceAll("/+$", "") + "/" + backendImage;
        return ImageReference.parse(repo + ":" + ImageTags.revisionTag(env, revision), "golden.registries/golden.deploy.backendImage").toString();
    }

    /** The pull login for the image's registry, found as golden:push finds it (manifest secret, settings.xml, docker config.json). */
    private RegistryAuth registryAuth(String image, EnvironmentValues values) {
        return RegistryAuth.forImage(registryCredentials(c -> c.withManifest(values), registrySecrets), image);
    }
}
