package com.meatscentral.golden.deploy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.EnvironmentValues;
import java.util.Optional;

/**
 * What golden:rollback goes back to: the history line of the named sha, else the previous
 * successful deploy, read on the droplet (with several droplets, the bastion's history decides:
 * every host got the same deploys), and the image the configured registry and name give for it.
 *
 * @param entry the history line (a sha named with no successful line: that sha alone, no digest)
 * @param image the tag rebuilt from the entry's sha; a history line naming another image is refused
 */
record RollbackTarget(DeployHistory.Entry entry, String image) {

    static RollbackTarget find(
            DropletConnector connector,
            EnvironmentValues values,
            DeployOptions o,
            Optional<String> sha,
            Console console) {
        DeployHistory.Entry target;
        String path;
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
        String image = o.imageFor(values.environment(), target.sha());
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
        return new RollbackTarget(target, image);
    }
}
