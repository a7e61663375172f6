package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one deploy is going to change on the droplet, decided before its first step and
 * recorded in the {@link DeployJournal}: enough for a later run (another JVM, after a
 * SIGKILL or a lost connection) to undo or finish it without the secrets of the original run.
 *
 * @param newSlot        the slot (1 or 2) the new version starts in
 * @param oldSlot        the slot serving now; 0 when none does
 * @param legacy         a reference-style container ({@code pm-backend} on the public port) serves now
 * @param reuse          rollback: the kept container of {@code newSlot} already runs the target image: start it
 * @param credentialDir  the private docker config holding the registry credential (null: no login)
 * @param runtimeEnvPath the 0600 runtime file (backend), removed on every path
 * @param envConfigPath  frontend: the new slot's own env-config.js
 * @param sitePath       frontend: the host nginx site
 * @param siteBackup     frontend: where the previous site is kept while the deploy runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeployPlan(
        String id,
        String env,
        ServiceKind kind,
        String sha,
        String image,
        String who,
        String runUrl,
        int newSlot,
        int oldSlot,
        boolean legacy,
        boolean reuse,
        String proxyImage,
        long drainSeconds,
        String credentialDir,
        String runtimeEnvPath,
        String envConfigPath,
        String sitePath,
        String siteBackup) {

    public static final String STATE_DIR = "/opt/pm/.golden";

    public String newContainer() {
        return kind.slotContainer(newSlot);
    }

    public String oldContainer() {
        return oldSlot == 0 ? (legacy ? kind.container() : null) : kind.slotContainer(oldSlot);
    }

    public String journalPath() {
        return journalPath(kind);
    }

    public static String journalPath(ServiceKind kind) {
        return STATE_DIR + "/" + kind.container() + ".journal.json";
    }

    public String liveConfPath() {
        return kind.proxyDir() + "/live.conf";
    }

    public String nginxConfPath() {
        return kind.proxyDir() + "/nginx.conf";
    }

    public String historyPath() {
        return DeployRequest.envDir(env) + "/history.jsonl";
    }
}
