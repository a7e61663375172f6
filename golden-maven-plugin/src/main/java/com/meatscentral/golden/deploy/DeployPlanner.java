package com.meatscentral.golden.deploy;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides a deploy's {@link DeployPlan} from what the droplet runs now: the slot the proxy serves
 * (the new version takes the other), whether a reference-style container serves instead, whether
 * a rollback can start the container kept in the free slot, and which files the deploy writes
 * (credential, runtime file, env-config.js, the host nginx site only when it changes).
 */
final class DeployPlanner {

    private DeployPlanner() {}

    /** The plan of {@code r} on the droplet as it is now ({@code d}); {@code now} names the deploy ({@code id}). */
    static DeployPlan plan(Droplet d, DeployRequest r, CutoverOptions cutover, Instant now) {
        ServiceKind kind = r.kind();
        int live = ProxyConfig.slotOf(d.readFile(kind.proxyDir() + "/live.conf").orElse(null));
        Optional<ContainerInfo> proxy = d.container(kind.proxyContainer());
        boolean proxyRunning = proxy.map(ContainerInfo::running).orElse(false);
        int oldSlot = proxyRunning ? live : 0;
        boolean legacy = oldSlot == 0
                && d.container(kind.container()).map(ContainerInfo::running).orElse(false);
        int newSlot = live == 1 ? 2 : 1;
        boolean reuse = r.rollback()
                && d.container(kind.slotContainer(newSlot))
                        .map(c -> c.image().equals(r.image()))
                        .orElse(false);
        String id = Long.toHexString(now.toEpochMilli()) + "-"
                + ProcessHandle.current().pid();
        boolean siteChanges = r.nginxSite() != null
                && !d.readFile(r.nginxSitePath()).map(r.nginxSite()::equals).orElse(false);
        return DeployPlan.of(b -> {
            b.id = id;
            b.env = r.env();
            b.kind = kind;
            b.sha = r.sha();
            b.image = r.image();
            b.who = r.who();
            b.runUrl = r.runUrl();
            b.newSlot = newSlot;
            b.oldSlot = oldSlot;
            b.legacy = legacy;
            b.reuse = reuse;
            b.proxyImage = cutover.proxyImage();
            b.drainSeconds = cutover.drain().toSeconds();
            b.credentialDir = r.registryLogin() == null ? null : DeployPlan.STATE_DIR + "/docker-" + id;
            b.runtimeEnvPath = r.runtimeEnv().isEmpty() ? null : DeployPlan.STATE_DIR + "/runtime-" + id + ".env";
            b.envConfigPath = r.envConfigJs() == null ? null : DeployRequest.envConfigPath(newSlot);
            b.sitePath = siteChanges ? r.nginxSitePath() : null;
            b.siteBackup = siteChanges ? DeployPlan.STATE_DIR + "/site-" + id + ".previous" : null;
            b.proxyCurrent = proxy.map(c -> c.runs(cutover.proxyImage())).orElse(false);
        });
    }
}
