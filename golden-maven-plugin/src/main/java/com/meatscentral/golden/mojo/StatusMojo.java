package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.deploy.DropletHosts;
import com.meatscentral.golden.image.ImageReference;
import com.meatscentral.golden.image.ImageTags;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.migrate.Migration;
import com.meatscentral.golden.migrate.MigrationOptions;
import com.meatscentral.golden.migrate.MigrationPlans;
import com.meatscentral.golden.migrate.RegistryAuth;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows what runs in an environment: container, image, sha, digest, up since, health and the
 * deploy lock's holder; for a backend, the migrations its image would still apply. Read-only. Goal reference:
 * status-mojo.html on the plugin's site.
 */
@Mojo(name = "status", requiresProject = false, threadSafe = true)
public class StatusMojo extends AbstractDeployMojo {

    /** Skips this goal. */
    @Parameter(property = "golden.status.skip", defaultValue = "false")
    public void setStatusSkip(boolean statusSkip) {
        skipGoal(statusSkip);
    }

    /**
     * For a backend: count its pending migrations, the checkout's migration files (golden.migrate.sourceRoot) that the
     * database's django_migrations lacks, read through the tunnel: no container, no Docker.
     */
    @Parameter(property = "golden.status.pending", defaultValue = "true")
    private boolean pending;

    /**
     * Count the pending migrations of the image instead (golden:migrate's listing: a container on this machine's
     * Docker engine, about 10 s more): what the image would apply, Django's own apps included; also outside the checkout.
     */
    @Parameter(property = "golden.status.pendingFromImage", defaultValue = "false")
    private boolean pendingFromImage;

    /** The service's checkout whose migration files are counted (as golden:migrate). */
    @Parameter(property = "golden.migrate.sourceRoot", defaultValue = "${basedir}")
    private java.io.File sourceRoot;

    /** Local end of the tunnel the pending count uses (as golden:migrate); 0 = any free port. */
    @Parameter(property = "golden.tunnel.port", defaultValue = "5433")
    private int tunnelPort;

    /** The image whose pending migrations are counted; default the backend image of {@code golden.sha} (as golden:migrate). */
    @Parameter(property = "golden.migrate.image")
    private String migrateImage;

    /** The migration command (as golden:migrate); its program runs the listing. */
    @Parameter(property = "golden.migrate.command")
    private String migrateCommand;

    /** Extra environment for the listing container (as golden:migrate's migrateEnv). */
    @Parameter
    private Map<String, String> migrateEnv;

    @Override
    protected void run() {
        core(com.meatscentral.golden.deploy.MigrationStep.NONE).status(options(null, false, true));
        if (pending) {
            EnvironmentValues values = ManifestLoader.load(manifest.toPath())
                    .withRoles(roleBindings(), "golden.roles")
                    .valuesFor(requireEnv(), environment());
            if (values.environment().isBackend()) {
                pendingMigrations(values);
            }
        }
    }

    /**
     * The checkout against django_migrations (default), or the listing of golden:migrate -Dgolden.migrate.plan=true
     * (pendingFromImage); a failure is a warning: status stays read-only and useful.
     */
    private void pendingMigrations(EnvironmentValues values) {
        String pinned = values.get(com.meatscentral.golden.manifest.Role.SSH_HOST_FINGERPRINT)
                .orElse(null);
        values.secretValues().stream().filter(v -> !v.equals(pinned)).forEach(redactor::register);
        if (migrateEnv != null) {
            migrateEnv.values().forEach(redactor::register);
        }
        try {
            String image = migrateImage != null && !migrateImage.isBlank()
                    ? ImageReference.parse(migrateImage.strip(), "golden.migrate.image")
                            .toString()
                    : ImageReference.parse(
                                    (registries == null || registries.isEmpty()
                                                    ? ""
                                                    : registries.get(0).replaceAll("/+$", "") + "/")
                                            + backendImage + ":"
                                            + ImageTags.revisionTag(
                                                    env, SourceRevision.resolve(sha, environment(), basedir.toPath())),
                                    "golden.registries/golden.deploy.backendImage")
                            .toString();
            RegistryAuth auth =
                    RegistryAuth.forImage(registryCredentials(c -> c.withManifest(values), registrySecrets), image);
            Migration migration = new Migration(redactor, console(), environment())
                    .options(new MigrationOptions(true, false, List.of(), null))
                    .actions(actions)
                    .checkout(sourceRoot == null ? null : sourceRoot.toPath());
            com.meatscentral.golden.migrate.MigrationPlan plan = MigrationPlans.plan(
                    DropletHosts.bastionValues(values), // several droplets: the migration goes through the bastion
                    connector()::settings,
                    image,
                    i -> auth,
                    new MigrationPlans.Options(tunnelPort, migrateCommand, migrateEnv),
                    redactor::register);
            if (!pendingFromImage) {
                java.util.OptionalInt n = migration.pendingInCheckout(plan);
                if (n.isPresent()) {
                    console()
                            .info("golden:status " + env + ": " + n.getAsInt() + " pending migration"
                                    + (n.getAsInt() == 1 ? "" : "s") + " (the checkout " + sourceRoot
                                    + " against django_migrations, no container)");
                    actions.setOutput("pending-migrations", String.valueOf(n.getAsInt()));
                }
                return;
            }
            Migration.Result r = migration.run(plan);
            console()
                    .info("golden:status " + env + ": "
                            + (r.pending() < 0 ? "unknown (not a Django migrate command)" : r.pending())
                            + " pending migration" + (r.pending() == 1 ? "" : "s") + " (image " + image + ")");
            actions.setOutput("pending-migrations", String.valueOf(r.pending()));
        } catch (GoldenException e) {
            console()
                    .warn("golden:status " + env + ": pending migrations unknown: " + redactor.redact(e.getMessage())
                            + e.hint().map(h -> " (" + h + ")").orElse(""));
        }
    }
}
