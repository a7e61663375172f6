package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.secrets.GitHubAccess;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.secrets.SecretsAudit;
import com.meatscentral.golden.ssh.SshWarmup;
import java.util.Optional;

/**
 * The cores of golden:deploy, golden:rollback, golden:status and golden:unlock for one
 * environment of the manifest: values from the process environment, one SSH connection to
 * the environment's droplet, and the {@link Deployer}.
 */
public record EnvironmentDeploy(
        Console console,
        GitHubActions actions,
        Redactor redactor,
        DropletConnector connector,
        MigrationStep migration,
        Timing timing,
        CutoverOptions cutover,
        RolloutLimit limit,
        java.util.function.BiFunction<String, EnvironmentValues, Optional<RegistryLogin>> registryLogin) {

    /** The core set by component name in {@code settings}; {@link Builder#build()} names a missing collaborator. */
    public static EnvironmentDeploy of(java.util.function.Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(), settings, Builder::build);
    }

    /**
     * An {@link EnvironmentDeploy} being made: one public field per component. Required: the
     * collaborators {@code console} to {@code timing} (a goal without a migration passes
     * {@link MigrationStep#NONE}); {@code cutover} defaults to
     * {@link CutoverOptions#DEFAULT}, {@code limit} (hosts at a time after the first,
     * {@code golden.deploy.limit}) to one, and {@code registryLogin} (the droplet's registry
     * credential for a registry host; the mojo passes golden:push's resolution) to DOCR's
     * DO_ACCESS_TOKEN as user and password.
     */
    public static final class Builder {
        public Console console;
        public GitHubActions actions;
        public Redactor redactor;
        public DropletConnector connector;
        public MigrationStep migration;
        public Timing timing;
        public CutoverOptions cutover = CutoverOptions.DEFAULT;
        public RolloutLimit limit = RolloutLimit.ONE;
        public java.util.function.BiFunction<String, EnvironmentValues, Optional<RegistryLogin>> registryLogin =
                EnvironmentDeploy::doAccessToken;

        private Builder() {}

        EnvironmentDeploy build() {
            Required.of("EnvironmentDeploy")
                    .and("console", console)
                    .and("actions", actions)
                    .and("redactor", redactor)
                    .and("connector", connector)
                    .and("migration", migration)
                    .and("timing", timing)
                    .check();
            return new EnvironmentDeploy(
                    console, actions, redactor, connector, migration, timing, cutover, limit, registryLogin);
        }
    }

    private static Optional<RegistryLogin> doAccessToken(String host, EnvironmentValues values) {
        return values.optional("DO_ACCESS_TOKEN").map(t -> new RegistryLogin(t, t, "DO_ACCESS_TOKEN"));
    }

    /** golden:deploy: audit of the env from the process environment, migrate (backend), deploy, health, rollback. */
    public DeployResult deploy(DeployOptions o) {
        if (o.sha() == null) {
            throw new IllegalArgumentException("golden:deploy's options name no sha: set DeployOptions.sha");
        }
        SshWarmup.inBackground(); // SSHJ and the JDK's crypto load while the audit reads the manifest
        StepLog steps = new StepLog(console, timing.clock());
        EnvironmentValues values = steps.call("audit " + o.env() + " (process environment)", () -> audit(o));
        Environment env = values.environment();
        String image = o.imageFor(env, o.sha());
        ProdGuard.check(o.env(), image, o.sha(), o.dirtyTree());
        // Under the droplet's deploy lock, before the container is touched (Deployer).
        Runnable migrate = env.isBackend() && !o.skipMigrate()
                ? () -> steps.run(
                        "migrate " + o.env(),
                        () -> migration.migrate(DropletHosts.bastionValues(values), image, console))
                : () -> {};
        DeployRequest request = request(
                o, values, o.sha(), image, o.recordedDigest().apply(image).orElse(null));
        return runDeploy(o, values, request, steps, "deployed", migrate);
    }

    /**
     * golden:rollback: redeploys the previous successful sha (or -Dgolden.sha) from the droplet's
     * history. The image is the tag rebuilt from that sha and the configured registry and name;
     * a history line naming another image is refused, and the recorded digest is checked after
     * the pull. A previous container kept in the free slot is started again rather than re-created.
     */
    public DeployResult rollback(DeployOptions o, Optional<String> sha) {
        StepLog steps = new StepLog(console, timing.clock());
        EnvironmentValues values = values(o);
        RollbackTarget target = RollbackTarget.find(connector, values, o, sha, console);
        DeployHistory.Entry entry = target.entry();
        console.info("rolling " + o.env() + " back to " + entry.sha() + " (" + target.image() + ")");
        ProdGuard.check(o.env(), target.image(), entry.sha(), false);
        DeployRequest request =
                request(o, values, entry.sha(), target.image(), entry.digest()).with(b -> b.rollback = true);
        return runDeploy(o, values, request, steps, "rolled back to", () -> {});
    }

    /**
     * golden:status: what runs on each droplet, which slot the proxy serves, whether it is
     * healthy, who holds the lock ({@link EnvironmentStatus}).
     */
    public String status(DeployOptions o) {
        return new EnvironmentStatus(console, actions, connector, timing, cutover).report(o, values(o, false));
    }

    /**
     * golden:unlock: removes the deploy lock, whoever holds it, on the environment's droplet, or on
     * each of its droplets in {@link DropletHosts#LOCK_ORDER} (a host that cannot be reached is
     * reported and the others are still unlocked). Returns the holder of a single droplet's lock.
     */
    public Optional<DeployLock.Holder> unlock(DeployOptions o) {
        EnvironmentValues values = values(o, false);
        Optional<DropletHosts> several = DropletHosts.several(values);
        if (several.isEmpty()) {
            return forceRelease(values);
        }
        java.util.List<String> released = new java.util.ArrayList<>();
        GoldenException failure = null;
        for (String h : several.get().lockOrder()) {
            try {
                forceRelease(several.get().valuesFor(values, h)).ifPresent(holder -> released.add(h + ": " + holder));
            } catch (GoldenException e) {
                console.error("could not unlock " + h + ": " + e.getMessage());
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        console.info("released the deploy locks of " + o.env() + ": "
                + (released.isEmpty() ? "none was held" : String.join("; ", released)));
        return Optional.empty();
    }

    /** One droplet's lock removed, whoever held it; says whose it was. */
    private Optional<DeployLock.Holder> forceRelease(EnvironmentValues hostValues) {
        try (DropletConnector.Connection c = connector.connect(hostValues, console)) {
            Optional<DeployLock.Holder> holder = DeployLock.forceRelease(c.droplet());
            console.info(holder.map(h -> "released the deploy lock of " + c.describe() + " held by " + h)
                    .orElse("the deploy lock of " + c.describe()
                            + " was not held (or had no holder file); it is free now"));
            return holder;
        }
    }

    private EnvironmentValues audit(DeployOptions o) {
        GitHubAccess access =
                GitHubAccess.resolve(o.processEnv(), Optional.empty(), Optional.empty(), Optional.empty(), "github");
        new SecretsAudit(console, actions, redactor)
                .run(new SecretsAudit.Request(
                        o.manifest(),
                        Optional.of(o.env()),
                        Optional.of(SecretsAudit.Source.ENV.property()),
                        access,
                        false,
                        o.processEnv()));
        return values(o);
    }

    /** The environment's values from the process environment, every secret registered for redaction first. */
    private EnvironmentValues values(DeployOptions o) {
        return values(o, true);
    }

    /** @param all false for status/unlock: only what the SSH connection needs is required (by the connector). */
    private EnvironmentValues values(DeployOptions o, boolean all) {
        Manifest manifest = ManifestLoader.load(o.manifest()).withRoles(o.roles(), "golden.roles");
        EnvironmentValues values = manifest.valuesFor(o.env(), o.processEnv());
        values.secretsByVariable().forEach(redactor::register);
        return all ? values.requireAll() : values;
    }

    private DeployRequest request(DeployOptions o, EnvironmentValues values, String sha, String image, String digest) {
        RegistryLogin login = o.registryHost() == null
                ? null
                : registryLogin.apply(o.registryHost(), values).orElse(null);
        return EnvironmentRequest.of(o, values, new EnvironmentRequest.Image(sha, image, digest), login, console::warn);
    }

    private DeployResult runDeploy(
            DeployOptions o,
            EnvironmentValues values,
            DeployRequest request,
            StepLog steps,
            String verb,
            Runnable underLock) {
        Optional<DropletHosts> several = DropletHosts.several(values);
        if (several.isPresent()) {
            RollingDeploy rolling = new RollingDeploy(console, timing, ShutdownHooks.RUNTIME, cutover, limit);
            return new EnvironmentRollout(console, actions, redactor, connector, rolling)
                    .run(o, values, several.get(), request, steps, verb, underLock);
        }
        DropletConnector.Connection connection = steps.call(
                "ssh " + values.get(Role.SSH_USER).orElse("?") + "@"
                        + values.get(Role.SSH_HOST).orElse("?"),
                () -> connector.connect(values, console));
        try (connection) {
            DeployResult result = new Deployer(connection.droplet(), console, timing, ShutdownHooks.RUNTIME, cutover)
                    .deploy(request, steps, underLock);
            String url = values.environment()
                    .url()
                    .orElse("http://" + values.get(Role.SSH_HOST).orElse("")
                            + (values.environment().isBackend() ? ":8000/api/v1/health/" : "/"));
            console.info(o.env() + " " + verb + " " + result.sha() + " (" + result.image() + ", "
                    + (result.digest() == null ? "digest unknown" : result.digest()) + "), healthy at attempt "
                    + result.healthAttempts());
            summary(steps, o, result, url, "success");
            actions.setOutput("sha", result.sha());
            actions.setOutput("digest", result.digest() == null ? "" : result.digest());
            actions.setOutput("url", url);
            return result;
        } catch (RuntimeException e) {
            summary(steps, o, null, null, "FAILED: " + redactor.redact(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private void summary(StepLog steps, DeployOptions o, DeployResult result, String url, String outcome) {
        String table = steps.table();
        console.info("");
        table.lines().forEach(console::info);
        actions.appendStepSummary(DeploySummary.singleHost(o.env(), table, result, url, outcome));
    }
}
