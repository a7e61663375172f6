package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * golden:deploy and golden:rollback of an environment with several droplets: one SSH connection
 * per host (each with the same credentials, its own address), the {@link RollingDeploy} over
 * them, and the per-host summary table on the console and in the GitHub step summary.
 */
record EnvironmentRollout(
        Console console, GitHubActions actions, Redactor redactor, DropletConnector connector, RollingDeploy rolling) {

    /** Connects to every host (rollout order: the bastion first), rolls {@code request} out, closes every connection. */
    DeployResult run(
            DeployOptions o,
            EnvironmentValues values,
            DropletHosts hosts,
            DeployRequest request,
            StepLog steps,
            String verb,
            Runnable migrate) {
        List<DropletConnector.Connection> connections = new ArrayList<>();
        String title = "### golden:deploy " + o.env() + " (" + hosts.hosts().size() + " hosts, bastion "
                + hosts.bastion() + ")\n\n";
        try {
            List<RollingDeploy.Host> rollout = new ArrayList<>();
            for (String h : hosts.rolloutOrder()) {
                DropletConnector.Connection c =
                        steps.call("ssh " + h, () -> connector.connect(hosts.valuesFor(values, h), console));
                connections.add(c);
                rollout.add(new RollingDeploy.Host(h, c.droplet()));
            }
            console.info("rolling " + o.env() + " out to " + hosts.hosts().size() + " hosts: " + hosts.rolloutOrder()
                    + " (locks in order " + hosts.lockOrder() + ")");
            RollingDeploy.Result result = rolling.deploy(rollout, request, steps, migrate);
            DeployResult first = result.first();
            console.info(o.env() + " " + verb + " " + first.sha() + " (" + first.image() + ") on "
                    + hosts.hosts().size() + " hosts");
            actions.appendStepSummary(title + steps.table() + "\n" + DeploySummary.rollout(result.outcomes()));
            actions.setOutput("sha", first.sha());
            actions.setOutput("digest", first.digest() == null ? "" : first.digest());
            actions.setOutput("hosts", String.join(",", hosts.hosts()));
            values.environment().url().ifPresent(u -> actions.setOutput("url", u));
            return first;
        } catch (RuntimeException e) {
            actions.appendStepSummary(title + steps.table() + "\nFAILED: "
                    + redactor.redact(String.valueOf(e.getMessage())).replace("\n", "\n\n"));
            throw e;
        } finally {
            for (DropletConnector.Connection c : connections) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    console.warn("closing the connection to " + c.describe() + " failed: " + e.getMessage());
                }
            }
        }
    }
}
