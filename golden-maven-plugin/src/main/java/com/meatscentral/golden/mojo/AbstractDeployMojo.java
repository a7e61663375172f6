package com.meatscentral.golden.mojo;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.deploy.CutoverOptions;
import com.meatscentral.golden.deploy.DeployOptions;
import com.meatscentral.golden.deploy.EnvironmentDeploy;
import com.meatscentral.golden.deploy.HealthPolicy;
import com.meatscentral.golden.deploy.MigrationStep;
import com.meatscentral.golden.deploy.RegistryLogin;
import com.meatscentral.golden.image.ImagesReport;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters shared by golden:deploy, rollback, status and unlock (those shared with golden:migrate: the superclass). */
abstract class AbstractDeployMojo extends AbstractEnvironmentMojo {

    /** Image name deployed to frontend environments. */
    @Parameter(property = "golden.deploy.frontendImage", defaultValue = "frontend")
    protected String frontendImage;

    /** Health attempts: probes the service answered (the reference: 5); unanswered probes repeat until the window closes. */
    @Parameter(property = "golden.health.attempts", defaultValue = "5")
    protected int healthAttempts;

    /** The window all health attempts must fit in, in seconds (the reference: 25). */
    @Parameter(property = "golden.health.timeoutSeconds", defaultValue = "25")
    protected int healthTimeoutSeconds;

    /** The first wait between health probes in milliseconds; it doubles, up to window / attempts. */
    @Parameter(property = "golden.health.backoffMillis", defaultValue = "500")
    protected int healthBackoffMillis;

    /** How long a deploy waits for another deploy's lock on the droplet before failing. */
    @Parameter(property = "golden.lock.waitSeconds", defaultValue = "120")
    protected int lockWaitSeconds;

    /** Extra {@code -v} specs for the container, e.g. /opt/pm/media:/app/media. */
    @Parameter(property = "golden.deploy.volumes")
    protected List<String> volumes;

    /** The host nginx site file a frontend deploy installs. */
    @Parameter(property = "golden.nginx.site", defaultValue = "/etc/nginx/sites-enabled/default")
    protected String nginxSite;

    /** Which manifest variable plays a role, where no alias names it: {@code role=VARIABLE}, e.g. ssh_host=DROPLET_IP (docs/ROLES.md). */
    @Parameter(property = "golden.roles")
    protected List<String> roles;

    /** The image tag: {env}, {target} (the environment's deployment_target) and {sha}, as golden:build tagged it. */
    @Parameter(property = "golden.image.tagTemplate", defaultValue = "{env}-{sha}")
    protected String tagTemplate;

    /** The role bindings the POM gives. */
    protected Map<String, String> roleBindings() {
        return com.meatscentral.golden.manifest.RoleBindings.parseAssignments(roles, "golden.roles");
    }

    /**
     * Extra registry logins from CI secrets, {@code host=SECRET} or {@code host=USER_SECRET:PASSWORD_SECRET}
     * (as golden:push): the droplet logs in with the credential found for the image's registry.
     */
    @Parameter(property = "golden.registrySecrets")
    protected List<String> registrySecrets;

    /** The image of the droplet's proxy (nginx; it holds the public port and switches between versions). */
    @Parameter(property = "golden.proxy.image", defaultValue = CutoverOptions.DEFAULT_PROXY_IMAGE)
    protected String proxyImage;

    /** Seconds in-flight requests of the old version may take after the switch before it is stopped. */
    @Parameter(property = "golden.deploy.drainSeconds", defaultValue = "30")
    protected int drainSeconds;

    /** Seconds a Ctrl-C / SIGTERM waits for the deploy to put the droplet back before the JVM exits. */
    @Parameter(property = "golden.deploy.interruptGraceSeconds", defaultValue = "20")
    protected int interruptGraceSeconds;

    /** Seconds without heartbeat after which another deploy's lock is reported as stale. */
    @Parameter(property = "golden.lock.staleSeconds", defaultValue = "60")
    protected int lockStaleSeconds;

    /**
     * Hosts switched at a time after the first (which always goes alone, the barrier), when the
     * environment names several droplets: a count ({@code 2}) or a percentage of its hosts ({@code 50%}).
     */
    @Parameter(property = "golden.deploy.limit", defaultValue = "1")
    protected String deployLimit;

    /** Take over a stale deploy lock (its holder is dead); the deploy then finishes or undoes what it left. */
    @Parameter(property = "golden.lock.takeOver", defaultValue = "false")
    protected boolean lockTakeOver;

    protected String requireEnv() {
        if (env == null || env.isBlank()) {
            throw new GoldenException(
                    "golden:" + goal() + " needs the environment", "pass -Denv=<name>, e.g. -Denv=dev-backend");
        }
        return env.strip();
    }

    /** @param commit the sha golden:deploy deploys, or the one -Dgolden.sha names for rollback; null for status and unlock */
    protected DeployOptions options(String commit, boolean dirty, boolean skipMigrate) {
        Map<String, String> processEnv = environment();
        String who = Optional.ofNullable(processEnv.get("GITHUB_ACTOR")).orElse(System.getProperty("user.name"));
        String runUrl = processEnv.containsKey("GITHUB_RUN_ID")
                ? processEnv.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/"
                        + processEnv.getOrDefault("GITHUB_REPOSITORY", "") + "/actions/runs/"
                        + processEnv.get("GITHUB_RUN_ID")
                : null;
        HealthPolicy health = new HealthPolicy(
                healthAttempts, Duration.ofSeconds(healthTimeoutSeconds), Duration.ofMillis(healthBackoffMillis));
        return DeployOptions.of(b -> {
            b.manifest = manifest.toPath();
            b.env = requireEnv();
            b.sha = commit;
            b.dirtyTree = dirty;
            b.registry = registries == null || registries.isEmpty() ? null : registries.get(0);
            b.backendImage = backendImage;
            b.frontendImage = frontendImage;
            b.recordedDigest = recordedDigests();
            b.health = health;
            b.lockWait = Duration.ofSeconds(lockWaitSeconds);
            b.volumes = volumes == null ? List.of() : volumes;
            b.nginxSitePath = nginxSite;
            b.who = who;
            b.runUrl = runUrl;
            b.skipMigrate = skipMigrate;
            b.processEnv = processEnv;
            b.roles = roleBindings();
            b.tagTemplate = tagTemplate;
        });
    }

    /** golden:push's record of what it pushed (images.json); absent: no digest check. */
    @Parameter(property = "golden.deploy.imagesJson", defaultValue = "${project.build.directory}/golden/images.json")
    protected File imagesJson;

    /** Digests golden:push recorded in images.json, by image reference. */
    protected java.util.function.Function<String, Optional<String>> recordedDigests() {
        return image -> {
            if (imagesJson == null || !imagesJson.isFile()) {
                return Optional.empty();
            }
            String repository = image.substring(0, image.lastIndexOf(':'));
            return ImagesReport.read(imagesJson.toPath()).stream()
                    .filter(e -> e.tags().contains(image))
                    .map(e -> e.digests().get(repository))
                    .filter(java.util.Objects::nonNull)
                    .findFirst();
        };
    }

    protected EnvironmentDeploy core(MigrationStep migration) {
        return EnvironmentDeploy.of(b -> {
            b.console = console();
            b.actions = actions;
            b.redactor = redactor;
            b.connector = connector();
            b.migration = migration;
            b.timing = com.meatscentral.golden.deploy.Timing.REAL;
            b.cutover = new CutoverOptions(
                    proxyImage,
                    Duration.ofSeconds(drainSeconds),
                    Duration.ofSeconds(interruptGraceSeconds),
                    Duration.ofSeconds(lockStaleSeconds),
                    lockTakeOver);
            b.limit = com.meatscentral.golden.deploy.RolloutLimit.parse(deployLimit);
            b.registryLogin = (host, values) -> registryCredentials(c -> c.withManifest(values), registrySecrets)
                    .find(host)
                    .map(l -> new RegistryLogin(l.username(), l.password(), l.describe()))
                    // A registry nothing is mapped for: the registry token role (DOCR: DO_ACCESS_TOKEN) as user and
                    // password, as before.
                    .or(() -> values.get(com.meatscentral.golden.manifest.Role.REGISTRY_TOKEN)
                            .map(t -> new RegistryLogin(
                                    t, t, values.describe(com.meatscentral.golden.manifest.Role.REGISTRY_TOKEN))));
        });
    }
}
