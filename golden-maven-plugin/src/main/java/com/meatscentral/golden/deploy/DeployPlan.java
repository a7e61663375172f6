package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.function.Consumer;

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
 * @param proxyCurrent   the proxy already runs {@code proxyImage} (the cutover reloads it): no image to make ready
 *     <p>Made by component name ({@link #of}); Jackson reads a journal's plan through the
 *     canonical constructor, so a component added later must tolerate its absence (null, 0, false).
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
        String siteBackup,
        boolean proxyCurrent) {

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

    /** Where the background {@code docker stop} of the previous slot writes what it says. */
    public String stopLogPath() {
        return stopLogPath(oldContainer());
    }

    /** Where the background {@code docker stop} of {@code container} writes what it says. */
    static String stopLogPath(String container) {
        return STATE_DIR + "/" + container + ".stop.log";
    }

    public String historyPath() {
        return DeployRequest.envDir(env) + "/history.jsonl";
    }

    /** A plan set by component name in {@code settings}; {@link Builder#build()} says which required one is missing. */
    public static DeployPlan of(Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(), settings, Builder::build);
    }

    /**
     * A {@link DeployPlan} being made: one public field per component, named as the record's.
     * Required: {@code id}, {@code env}, {@code kind}, {@code sha}, {@code image}, {@code proxyImage}
     * and a {@code newSlot} of 1 or 2; the paths stay null when the deploy has no such step.
     */
    public static final class Builder {
        public String id;
        public String env;
        public ServiceKind kind;
        public String sha;
        public String image;
        public String who;
        public String runUrl;
        public int newSlot;
        public int oldSlot;
        public boolean legacy;
        public boolean reuse;
        public String proxyImage;
        public long drainSeconds;
        public String credentialDir;
        public String runtimeEnvPath;
        public String envConfigPath;
        public String sitePath;
        public String siteBackup;
        public boolean proxyCurrent;

        private Builder() {}

        public DeployPlan build() {
            Required.of("DeployPlan")
                    .and("id", id)
                    .and("env", env)
                    .and("kind", kind)
                    .and("sha", sha)
                    .and("image", image)
                    .and("proxyImage", proxyImage)
                    .and("newSlot (1 or 2)", newSlot == 1 || newSlot == 2 ? newSlot : null)
                    .check();
            return new DeployPlan(
                    id,
                    env,
                    kind,
                    sha,
                    image,
                    who,
                    runUrl,
                    newSlot,
                    oldSlot,
                    legacy,
                    reuse,
                    proxyImage,
                    drainSeconds,
                    credentialDir,
                    runtimeEnvPath,
                    envConfigPath,
                    sitePath,
                    siteBackup,
                    proxyCurrent);
        }
    }
}
