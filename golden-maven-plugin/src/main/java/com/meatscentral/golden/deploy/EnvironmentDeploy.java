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
import java.util.Map;
import java.util.Optional;

/**
 * The cores of golden:deploy, golden:rollback, golden:status and golden:unlock for one
 * environment of the manifest: values from the process environment, one SSH connection to
 * the environment's droplet, and the {@link Deployer}.
 */
public final class EnvironmentDeploy {

    private final Console console;
    private final GitHubActions actions;
    private final Redactor redactor;
    private final DropletConnector connector;
    private final MigrationStep migration;
    private final HealthChecker.Sleeper sleeper;
    private final HealthChecker.Clock clock;

    public EnvironmentDeploy(Console console, GitHubActions actions, Redactor redactor, DropletConnector connector,
                             MigrationStep migration, HealthChecker.Sleeper sleeper, HealthChecker.Clock clock) {
        this.console = console;
        this.actions = actions;
        this.redactor = redactor;
        this.connector = connector;
        this.migration = migration;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** golden:deploy: audit of the env from the process environment, migrate (backend), deploy, health, rollback. */
    public DeployResult deploy(DeployOptions o) {
        StepLog steps = new StepLog(console, clock);
        EnvironmentValues values = steps.call("audit " + o.env() + " (process environment)", () -> audit(o));
        Environment env = values.environment();
        String image = o.imageFor(env, o.sha());
        ProdGuard.check(o.env(), image, o.sha(), o.dirtyTree());
        // Under the droplet's deploy lock, before the container is touched (Deployer).
        Runnable migrate = env.isBackend() && !o.skipMigrate()
                ? () -> steps.run("migrate " + o.env(), () -> migration.migrate(values, image, console))
                : () -> { };
        DeployRequest request = request(o, values, image, o.recordedDigest().apply(image).orElse(null));
        return runDeploy(o, values, request, steps, "deployed", migrate);
    }

    /** golden:rollback: redeploys the previous successful sha (or -Dgolden.sha) from the droplet's history. */
    public DeployResult rollback(DeployOptions o, Optional<String> sha) {
        StepLog steps = new StepLog(console, clock);
        EnvironmentValues values = values(o);
        Environment env = values.environment();
        DeployHistory.Entry target;
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            DeployHistory history = new DeployHistory(c.droplet(), DeployRequest.envDir(o.env()));
            target = sha.map(s -> history.entries().stream()
                            .filter(e -> e.sha().equals(s) && DeployHistory.SUCCESS.equals(e.result()))
                            .reduce((a, b) -> b)
                            .orElse(new DeployHistory.Entry(s, o.imageFor(env, s), null, null, null, null, null)))
                    .or(history::previousSuccess)
                    .orElseThrow(() -> new GoldenException("no earlier successful deploy of " + o.env() + " in "
                            + history.path() + " on " + c.describe(),
                            "name the commit to go back to: -Dgolden.sha=<sha> (its image must still be in the registry)"));
        }
        console.info("rolling " + o.env() + " back to " + target.sha() + " (" + target.image() + ")");
        ProdGuard.check(o.env(), target.image(), target.sha(), false);
        DeployRequest request = request(o, values, target.image(), target.digest());
        return runDeploy(o, values, request.withImage(target.sha(), target.image(), target.digest()), steps,
                "rolled back to", () -> { });
    }

    /** golden:status: what runs on the droplet, whether it is healthy, who holds the lock. */
    public String status(DeployOptions o) {
        EnvironmentValues values = values(o, false);
        Environment env = values.environment();
        ServiceKind kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            Droplet droplet = c.droplet();
            String envDir = DeployRequest.envDir(o.env());
            Optional<ContainerInfo> container = droplet.container(kind.container());
            Optional<DeployHistory.Entry> last = new DeployHistory(droplet, envDir).lastSuccess();
            HealthProbe.ProbeResult health = container.isPresent()
                    ? droplet.probe(kind.healthUrl(), o.health().perAttemptTimeout()) : new HealthProbe.ProbeResult(0, "");
            Optional<DeployLock.Holder> holder = DeployLock.readHolder(droplet, envDir);
            StringBuilder table = new StringBuilder("| " + o.env() + " on " + c.describe() + " | |\n|---|---|\n");
            row(table, "container", container.map(ci -> ci.name() + " (" + ci.status() + ")").orElse("none"));
            row(table, "image", container.map(ContainerInfo::image).orElse("-"));
            row(table, "sha", last.map(DeployHistory.Entry::sha).orElse("-"));
            row(table, "digest", last.map(DeployHistory.Entry::digest).orElse("-"));
            row(table, "deployed", last.map(e -> e.time() + " by " + e.who()).orElse("-"));
            row(table, "up since", container.map(ContainerInfo::startedAt).orElse("-"));
            row(table, "health", kind.healthUrl() + ": " + (container.isPresent() ? health.toString() : "-"));
            row(table, "lock", holder.map(DeployLock.Holder::toString).orElse("free"));
            String text = table.toString();
            text.lines().forEach(console::info);
            actions.appendStepSummary(text);
            return text;
        }
    }

    /** golden:unlock: removes a stale deploy lock. */
    public Optional<DeployLock.Holder> unlock(DeployOptions o) {
        EnvironmentValues values = values(o, false);
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            Optional<DeployLock.Holder> holder = DeployLock.forceRelease(c.droplet(), DeployRequest.envDir(o.env()));
            console.info(holder.map(h -> "released the deploy lock of " + o.env() + " held by " + h)
                    .orElse("the deploy lock of " + o.env() + " was not held (or had no holder file); it is free now"));
            return holder;
        }
    }

    private static void row(StringBuilder table, String key, String value) {
        table.append("| ").append(key).append(" | ").append(value == null ? "-" : value.replace("|", "\\|")).append(" |\n");
    }

    private EnvironmentValues audit(DeployOptions o) {
        GitHubAccess access = GitHubAccess.resolve(o.processEnv(), Optional.empty(), Optional.empty(), Optional.empty(), "github");
        new SecretsAudit(console, actions, redactor).run(new SecretsAudit.Request(o.manifest(), Optional.of(o.env()),
                Optional.of(SecretsAudit.Source.ENV.property()), access, false, o.processEnv()));
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

    private DeployRequest request(DeployOptions o, EnvironmentValues values, String image, String digest) {
        Environment env = values.environment();
        String token = values.get(Role.REGISTRY_TOKEN).orElse(null);
        if (env.isBackend()) {
            Map<String, String> runtime = BackendRuntimeEnv.from(values, console::warn);
            return DeployRequest.backend(o.env(), o.sha(), image, digest, o.registryHost(), token, runtime, o.volumes(),
                    o.health(), o.lockWait(), o.who(), o.runUrl());
        }
        Map<String, String> runtime = new java.util.LinkedHashMap<>();
        values.variables().stream()
                .filter(v -> v.category() == com.meatscentral.golden.manifest.Variable.Category.FRONTEND_RUNTIME)
                .forEach(v -> values.get(v.name()).ifPresent(val -> runtime.put(v.name(), val)));
        BackendAddress backend = new BackendAddress(values.require(Role.BACKEND_ADDRESS));
        return DeployRequest.frontend(o.env(), o.sha(), image, digest, o.registryHost(), token, backend,
                values.get(Role.FRONTEND_API_BASE_URL).orElse(""), values.get(Role.FRONTEND_ENVIRONMENT).orElse(o.env()),
                runtime, o.volumes(), o.nginxSitePath(), o.health(), o.lockWait(), o.who(), o.runUrl());
    }

    private DeployResult runDeploy(DeployOptions o, EnvironmentValues values, DeployRequest request, StepLog steps,
                                   String verb, Runnable underLock) {
        DropletConnector.Connection connection = steps.call("ssh " + values.get(Role.SSH_USER).orElse("?") + "@"
                + values.get(Role.SSH_HOST).orElse("?"), () -> connector.connect(values, console));
        try (connection) {
            DeployResult result = new Deployer(connection.droplet(), console, sleeper, clock).deploy(request, steps, underLock);
            String url = values.environment().url().orElse("http://" + values.get(Role.SSH_HOST).orElse("")
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
        StringBuilder md = new StringBuilder("### golden:deploy " + o.env() + "\n\n" + table + "\n");
        if (result != null) {
            md.append("Deployed `").append(result.image()).append("` (")
                    .append(result.digest() == null ? "digest unknown" : "`" + result.digest() + "`").append(") -> ")
                    .append(url).append("\n");
        } else {
            md.append(outcome.replace("\n", " ")).append("\n");
        }
        actions.appendStepSummary(md.toString());
    }
}
