package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import java.util.Optional;

/**
 * The core of golden:status for one environment: per droplet, what runs, which slot the proxy
 * serves, whether it is healthy, what is kept for rollback, the last deploy and who holds the
 * lock, as a Markdown table on the console and in the GitHub step summary (one line per host
 * when the environment has several droplets). A deploy left unfinished is resolved first, when
 * the lock is free, and the report says what was found and done.
 */
record EnvironmentStatus(
        Console console, GitHubActions actions, DropletConnector connector, Timing timing, CutoverOptions cutover) {

    /** The report of {@code values}' environment: one droplet's table, or a line per droplet. */
    String report(DeployOptions o, EnvironmentValues values) {
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
                    .append(DeploySummary.cell(h))
                    .append(" | ")
                    .append(h.equals(hosts.bastion()) ? "bastion" : "-")
                    .append(" | ")
                    .append(DeploySummary.cell(s.image()))
                    .append(" | ")
                    .append(DeploySummary.cell(s.health()))
                    .append(" | ")
                    .append(DeploySummary.cell(s.lock()))
                    .append(" |\n");
        }
        String text = all.toString();
        text.lines().forEach(console::info);
        actions.appendStepSummary(text);
        return text;
    }

    /**
     * What became of a kept container that still runs: a deploy stops the drained previous slot in
     * the background ({@code nohup docker stop}, what docker says in its stop log), so a stop that
     * failed would otherwise only be in that log. Empty when it is not running, or the log is not
     * there (stopped the old way, or started again since).
     */
    private Optional<String> stopNote(Droplet droplet, ContainerInfo kept) {
        if (!kept.running()) {
            return Optional.empty();
        }
        String logPath = DeployPlan.stopLogPath(kept.name());
        Optional<String> said = droplet.readFile(logPath).map(String::strip);
        if (said.isEmpty() || said.get().lines().reduce((a, b) -> b).orElse("").equals(kept.name())) {
            return Optional.empty(); // no background stop, or it ended (the container was started again since)
        }
        if (said.get().isEmpty()) {
            return Optional.of(", stopping: the last deploy's stop has not ended yet");
        }
        String words = said.get().lines().findFirst().orElse("");
        console.warn("The last deploy's stop of " + kept.name() + " failed (" + words + "): it still runs, though the"
                + " proxy sends it no request. Stop it on the droplet (`docker stop " + kept.name() + "`); " + logPath
                + " has what docker said");
        return Optional.of(", its stop failed: " + words);
    }

    /** One droplet's status: its table, and the image, health and lock for the summary of several hosts. */
    private record HostStatus(String text, String image, String health, String lock) {}

    private HostStatus statusOf(DeployOptions o, EnvironmentValues values) {
        Environment env = values.environment();
        ServiceKind kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
        try (DropletConnector.Connection c = connector.connect(values, console)) {
            Droplet droplet = c.droplet();
            Optional<String> resolved =
                    new Deployer(droplet, console, timing, ShutdownHooks.RUNTIME, cutover).resolve(kind, o.who());
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
            DeploySummary.row(
                    table,
                    "container",
                    container.map(ci -> ci.name() + " (" + ci.status() + ")").orElse("none"));
            DeploySummary.row(
                    table, "image", container.map(ContainerInfo::image).orElse("-"));
            DeploySummary.row(
                    table,
                    "proxy",
                    proxy.map(p -> p.name() + " (" + p.status() + ") -> slot " + slot)
                            .orElse("none"));
            DeploySummary.row(
                    table,
                    "kept for rollback",
                    kept.map(k -> k.name() + " " + k.image() + " (" + k.status() + ")"
                                    + stopNote(droplet, k).orElse(""))
                            .orElse("-"));
            DeploySummary.row(table, "sha", last.map(DeployHistory.Entry::sha).orElse("-"));
            DeploySummary.row(
                    table, "digest", last.map(DeployHistory.Entry::digest).orElse("-"));
            DeploySummary.row(
                    table,
                    "deployed",
                    last.map(e -> e.time() + " by " + e.who()).orElse("-"));
            DeploySummary.row(
                    table, "up since", container.map(ContainerInfo::startedAt).orElse("-"));
            DeploySummary.row(
                    table, "health", kind.healthUrl() + ": " + (container.isPresent() ? health.toString() : "-"));
            DeploySummary.row(
                    table, "lock", holder.map(DeployLock.Holder::toString).orElse("free"));
            DeploySummary.row(table, "unfinished deploy", resolved.orElse("none"));
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
}
