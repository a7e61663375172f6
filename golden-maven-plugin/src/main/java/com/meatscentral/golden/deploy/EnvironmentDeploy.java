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
    private final Timing timing;
    private CutoverOptions cutover = CutoverOptions.DEFAULT;
    private RolloutLimit limit = RolloutLimit.ONE;
    private java.util.function.BiFunction<String, EnvironmentValues, Optional<RegistryLogin>> registryLogin =
            EnvironmentDeploy::doAccessToken;

    public EnvironmentDeploy(
            Console console,
            GitHubActions actions,
            Redactor redactor,
            DropletConnector connector,
            MigrationStep migration,
            Timing timing) {
        this.console = console;
        this.actions = actions;
        this.redactor = redactor;
        this.connector = connector;
        this.migration = migration;
        this.timing = timing;
    }

    /** The proxy image, drain and interrupt settings (default {@link CutoverOptions#DEFAULT}). */
    public EnvironmentDeploy cutover(CutoverOptions options) {
        this.cutover = options;
        return this;
    }

    /** Hosts at a time after the first, for an environment with several droplets ({@code golden.deploy.limit}). */
    public EnvironmentDeploy rolling(RolloutLimit limit) {
        this.limit = limit;
        return this;
    }

    /**
     * How the droplet's registry credential is found for a registry host: the mojo passes
     * golden:push's resolution (per registry). Default: DOCR's DO_ACCESS_TOKEN as user and password.
     */
    public EnvironmentDeploy registryLogin(
            java.util.function.BiFunction<String, EnvironmentValues, Optional<RegistryLogin>> login) {
        this.registryLogin = login;
        return this;
    }

    private static Optional<RegistryLogin> doAccessToken(String host, EnvironmentValues values) {
        return values.optional("DO_ACCESS_TOKEN").map(t -> new RegistryLogin(t, t, "DO_ACCESS_TOKEN"));
    }

    /** golden:deploy: audit of the env from the process environment, migrate (backend), deploy, health, rollback. */
    public DeployResult deploy(DeployOptions o) {
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
        DeployRequest request =
                request(o, values, image, o.recordedDigest().apply(image).orElse(null));
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
        Environment env = values.environment();
        DeployHistory.Entry target;
        String path;
        // Several droplets: the bastion's history decides (every host got the same deploys).
        try (DropletConnector.Connection c = connector.connect(DropletHosts.bastionValues(values), console)) {
            DeployHistory history = new DeployHistory(c.droplet(), DeployRequest.envDir(o.env()));
            path = history.path() + " on " + c.describe();
            target = sha.map(s -> history.entries().stream()
                            .filter(e -> s.equals(e.sha()) && DeployHistory.SUCCESS.equals(e.result()))
                            .reduce((a, b) -> b)
                            .orElse(new DeployHistory.Entry(s, null, null, null, null, null, null)))
                    .or(history::previousSuccess)
                    .orElseThrow(
                            () -> new GoldenException(
                                    "no earlier successful deploy of " + o.env() + " in " + history.path() + " on "
                                            + c.describe(),
                                    "name the commit to go back to: -Dgolden.sha=<sha> (its image must still be in the registry)"));
        }
        String image = o.imageFor(env, target.sha());
        if (target.image() != null && !target.image().equals(image)) {
            throw new GoldenException(
                    "the history line of " + target.sha() + " in " + path + " names the image " + target.image()
                            + ", but the configured registry and image name give " + image,
                    "roll back with the configuration that deployed it (-Dgolden.registries, -Dgolden.deploy.backendImage/"
                            + "frontendImage), or name another sha with -Dgolden.sha");
        }
        if (target.digest() == null) {
            console.warn("no digest recorded for " + target.sha() + ": the image " + image
                    + " is deployed without a digest check");
        }
        console.info("rolling " + o.env() + " back to " + target.sha() + " (" + image + ")");
        ProdGuard.check(o.env(), image, target.sha(), false);
        DeployRequest request = request(o, values, image, target.digest());
        return runDeploy(
                o, values, request.withImage(target.sha(), image, target.digest()), steps, "rolled back to", () -> {});
    }

    /**
     * golden:status: what runs on the droplet, which slot the proxy serves, whether it is
     * healthy, who holds the lock; a deploy left unfinished is resolved first (when the lock is
     * free) and the report says what was found and done.
     */
    public String status(DeployOptions o) {
        EnvironmentValues values = values(o, false);
        Optional<DropletHosts> several = DropletHosts.several(values);
        if (several.isEmpty()) {
            return statusOf(o, values).text();
        }
        DropletHosts hosts = several.get();
        StringBuilder all =
                new StringBuilder("| " + o.env() + ": host | role | image | health | lock |\n|---|---|---|---|---|\n");
        for (String h : hosts.hosts()) {
            HostStatus s = statusOf(o, hosts.valuesFor(values, h));
            all.append("| ")
                    .append(h)
                    .append(" | ")
                    .append(h.equals(hosts.bastion()) ? "bastion" : "-")
                    .append(" | ")
                    .append(s.image())
                    .append(" | ")
                    .append(s.health())
                    .append(" | ")
                    .append(s.lock().replace("|", "\\|"))
                    .append(" |\n");
        }
        String text = all.toString();
        text.lines().forEach(console::info);
        actions.appendStepSummary(text);
        return text;
    }

    /** One droplet's status: its table, and the image, health and lock for the summary of several hosts. */
    private record HostStatus(String text, String image, String health, String lock) {}

    private HostStatus statusOf(DeployOptions o, EnvironmentValues values) {
        Environment env = values.environment();
        ServiceKind kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            Droplet droplet = c.droplet();
            Optional<String> resolved = new Deployer(droplet, console, timing, Deployer.ShutdownHooks.RUNTIME, cutover)
                    .resolve(kind, o.who());
            resolved.ifPresent(console::warn);
            String envDir = DeployRequest.envDir(o.env());
            int slot = ProxyConfig.slotOf(
                    droplet.readFile(kind.proxyDir() + "/live.conf").orElse(null));
            Optional<ContainerInfo> proxy = droplet.container(kind.proxyContainer());
            Optional<ContainerInfo> container =
                    droplet.container(slot == 0 ? kind.container() : kind.slotContainer(slot));
            Optional<ContainerInfo> kept =
                    slot == 0 ? Optional.empty() : droplet.container(kind.slotContainer(3 - slot));
            Optional<DeployHistory.Entry> last = new DeployHistory(droplet, envDir).lastSuccess();
            HealthProbe.ProbeResult health = container.isPresent()
                    ? droplet.probe(kind.healthUrl(), o.health().perAttemptTimeout())
                    : new HealthProbe.ProbeResult(0, "");
            Optional<DeployLock.Holder> holder = DeployLock.readHolder(droplet);
            StringBuilder table = new StringBuilder("| " + o.env() + " on " + c.describe() + " | |\n|---|---|\n");
            row(
                    table,
                    "container",
                    container.map(ci -> ci.name() + " (" + ci.status() + ")").orElse("none"));
            row(table, "image", container.map(ContainerInfo::image).orElse("-"));
            row(
                    table,
                    "proxy",
                    proxy.map(p -> p.name() + " (" + p.status() + ") -> slot " + slot)
                            .orElse("none"));
            row(
                    table,
                    "kept for rollback",
                    kept.map(k -> k.name() + " " + k.image() + " (" + k.status() + ")")
                            .orElse("-"));
            row(table, "sha", last.map(DeployHistory.Entry::sha).orElse("-"));
            row(table, "digest", last.map(DeployHistory.Entry::digest).orElse("-"));
            row(table, "deployed", last.map(e -> e.time() + " by " + e.who()).orElse("-"));
            row(table, "up since", container.map(ContainerInfo::startedAt).orElse("-"));
            row(table, "health", kind.healthUrl() + ": " + (container.isPresent() ? health.toString() : "-"));
            row(table, "lock", holder.map(DeployLock.Holder::toString).orElse("free"));
            row(table, "unfinished deploy", resolved.orElse("none"));
            String text = table.toString();
            text.lines().forEach(console::info);
            actions.appendStepSummary(text);
            return new HostStatus(
                    text,
                    container.map(ContainerInfo::image).orElse("-"),
                    container.isPresent() ? health.toString() : "-",
                    holder.map(DeployLock.Holder::toString).orElse("free"));
        }
    }

    /** golden:unlock: removes a stale deploy lock. */
    public Optional<DeployLock.Holder> unlock(DeployOptions o) {
        EnvironmentValues values = values(o, false);
        Optional<DropletHosts> several = DropletHosts.several(values);
        if (several.isPresent()) {
            java.util.List<String> released = EnvironmentRollout.unlockAll(connector, values, several.get(), console);
            console.info("released the deploy locks of " + o.env() + ": "
                    + (released.isEmpty() ? "none was held" : String.join("; ", released)));
            return Optional.empty();
        }
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            Optional<DeployLock.Holder> holder = DeployLock.forceRelease(c.droplet());
            console.info(holder.map(h -> "released the deploy lock of " + c.describe() + " held by " + h)
                    .orElse("the deploy lock of " + c.describe()
                            + " was not held (or had no holder file); it is free now"));
            return holder;
        }
    }

    private static void row(StringBuilder table, String key, String value) {
        table.append("| ")
                .append(key)
                .append(" | ")
                .append(value == null ? "-" : value.replace("|", "\\|"))
                .append(" |\n");
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

    private DeployRequest request(DeployOptions o, EnvironmentValues values, String image, String digest) {
        Environment env = values.environment();
        RegistryLogin login = o.registryHost() == null
                ? null
                : registryLogin.apply(o.registryHost(), values).orElse(null);
        return DeployRequest.of(b -> {
            b.env = o.env();
            b.kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
            b.sha = o.sha();
            b.image = image;
            b.expectedDigest = digest;
            b.registry = o.registryHost();
            b.registryLogin = login;
            b.volumes = o.volumes();
            b.health = o.health();
            b.lockWait = o.lockWait();
            b.who = o.who();
            b.runUrl = o.runUrl();
            if (env.isBackend()) {
                b.runtimeEnv = BackendRuntimeEnv.from(values, console::warn);
            } else {
                b.backend = new BackendAddress(values.require(Role.BACKEND_ADDRESS));
                b.envConfigJs = EnvConfigJs.render(
                        values.get(Role.FRONTEND_API_BASE_URL).orElse(""),
                        values.get(Role.FRONTEND_ENVIRONMENT).orElse(o.env()),
                        frontendRuntime(values));
                b.nginxSitePath = o.nginxSitePath();
            }
        });
    }

    /** The frontend's runtime variables (env-config.js), in the manifest's order. */
    private static Map<String, String> frontendRuntime(EnvironmentValues values) {
        Map<String, String> runtime = new java.util.LinkedHashMap<>();
        values.variables().stream()
                .filter(v -> v.category() == com.meatscentral.golden.manifest.Variable.Category.FRONTEND_RUNTIME)
                .forEach(v -> values.get(v.name()).ifPresent(val -> runtime.put(v.name(), val)));
        return runtime;
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
            RollingDeploy rolling = new RollingDeploy(console, timing, Deployer.ShutdownHooks.RUNTIME, cutover, limit);
            return new EnvironmentRollout(console, actions, redactor, connector, rolling)
                    .run(o, values, several.get(), request, steps, verb, underLock);
        }
        DropletConnector.Connection connection = steps.call(
                "ssh " + values.get(Role.SSH_USER).orElse("?") + "@"
                        + values.get(Role.SSH_HOST).orElse("?"),
                () -> connector.connect(values, console));
        try (connection) {
            DeployResult result = new Deployer(
                            connection.droplet(), console, timing, Deployer.ShutdownHooks.RUNTIME, cutover)
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
        StringBuilder md = new StringBuilder("### golden:deploy " + o.env() + "\n\n" + table + "\n");
        if (result != null) {
            md.append("Deployed `")
                    .append(result.image())
                    .append("` (")
                    .append(result.digest() == null ? "digest unknown" : "`" + result.digest() + "`")
                    .append(") -> ")
                    .append(url)
                    .append("\n");
        } else {
            md.append(outcome.replace("\n", " ")).append("\n");
        }
        actions.appendStepSummary(md.toString());
    }
}
