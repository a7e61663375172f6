package com.meatscentral.golden.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything one deploy needs, as plain values (the mojo builds it from the manifest, the
 * process environment and its parameters).
 *
 * @param envDir           {@code /opt/pm/<env>}: lock, history and the transient runtime file
 * @param expectedDigest   {@code sha256:...} recorded by golden:push, or null to skip the check
 * @param registryLogin    the droplet's registry credential, as golden:push resolves it for the registry; null: no login
 * @param rollback         golden:rollback: a kept container of the target image may be started instead of a new one
 * @param runtimeEnv       backend: the container's variables (values are secrets)
 * @param envConfigJs      frontend: the rendered env-config.js, else null
 * @param nginxSite        frontend: the rendered host nginx site, else null
 */
public record DeployRequest(
        String env,
        ServiceKind kind,
        String sha,
        String image,
        String expectedDigest,
        String registry,
        RegistryLogin registryLogin,
        ContainerSpec container,
        Map<String, String> runtimeEnv,
        String envConfigJs,
        String envConfigPath,
        String nginxSite,
        String nginxSitePath,
        String envDir,
        HealthPolicy health,
        Duration lockWait,
        String who,
        String runUrl,
        boolean rollback) {

    public DeployRequest {
        runtimeEnv = Map.copyOf(runtimeEnv);
    }

    public static final String FRONTEND_ENV_DIR = "/opt/pm/frontend/env";
    public static final String ENV_CONFIG_PATH = FRONTEND_ENV_DIR + "/env-config.js";
    public static final String DEFAULT_NGINX_SITE = "/etc/nginx/sites-enabled/default";

    public static String envDir(String env) {
        return "/opt/pm/" + env;
    }

    /** A request set by component name in {@code settings}; {@link Builder#build()} says which required one is missing. */
    public static DeployRequest of(Consumer<Builder> settings) {
        return com.meatscentral.golden.Builders.build(new Builder(), settings, Builder::build);
    }

    /** This request with {@code change} applied, by component name (its container as it is, unless changed). */
    public DeployRequest with(Consumer<Builder> change) {
        Builder b = com.meatscentral.golden.Builders.copy(this, new Builder());
        change.accept(b);
        return b.build();
    }

    /** Same deploy, another image (golden:rollback; a rolling deploy's switch back). */
    public DeployRequest withImage(String newSha, String newImage, String newDigest) {
        return with(b -> {
            b.sha = newSha;
            b.image = newImage;
            b.expectedDigest = newDigest;
            b.container = container.withImage(newImage);
            b.rollback = true;
        });
    }

    /** The frontend's env-config.js of one slot: each slot container mounts its own, so the previous keeps its config. */
    public static String envConfigPath(int slot) {
        return FRONTEND_ENV_DIR + "/slot-" + slot + "/env-config.js";
    }

    /** The container of {@code slot}: its name, published on the droplet's loopback only, its own env-config.js. */
    public ContainerSpec slotSpec(int slot) {
        List<String> volumes = container.volumes().stream()
                .map(v -> v.startsWith(ENV_CONFIG_PATH + ":")
                        ? envConfigPath(slot) + v.substring(ENV_CONFIG_PATH.length())
                        : v)
                .toList();
        return new ContainerSpec(
                kind.slotContainer(slot),
                container.image(),
                List.of(kind.slotPublication(slot)),
                container.addHosts(),
                volumes,
                container.envNames());
    }

    @Override
    public String toString() {
        // runtimeEnv and the token are secrets: never in a toString.
        return "DeployRequest[" + env + " " + kind + " " + image + "]";
    }

    /**
     * A {@link DeployRequest} being made: one public field per component, named as the record's,
     * and what the service's container is derived from when {@code container} is left unset:
     * {@code volumes} (the extra {@code -v} specs) and, for a frontend, {@code backend} (the
     * backend address its container and host nginx site point at). Required: {@code env},
     * {@code kind}, {@code sha}, {@code image}, {@code health}, {@code lockWait}; a frontend also
     * needs {@code envConfigJs} and {@code backend} (or a {@code container} and {@code nginxSite}).
     * Defaults: {@code envDir} is {@link #envDir(String)}, a frontend's env-config.js path is
     * {@link #ENV_CONFIG_PATH} and its site {@link #DEFAULT_NGINX_SITE}.
     */
    public static final class Builder {
        public String env;
        public ServiceKind kind;
        public String sha;
        public String image;
        public String expectedDigest;
        public String registry;
        public RegistryLogin registryLogin;
        public ContainerSpec container;
        public List<String> volumes = List.of();
        public BackendAddress backend;
        public Map<String, String> runtimeEnv = Map.of();
        public String envConfigJs;
        public String envConfigPath;
        public String nginxSite;
        public String nginxSitePath;
        public String envDir;
        public HealthPolicy health;
        public Duration lockWait;
        public String who;
        public String runUrl;
        public boolean rollback;

        private Builder() {}

        public DeployRequest build() {
            boolean frontend = kind == ServiceKind.FRONTEND;
            boolean derived = container == null;
            Required.of("DeployRequest")
                    .and("env", env)
                    .and("kind", kind)
                    .and("sha", sha)
                    .and("image", image)
                    .and("health", health)
                    .and("lockWait", lockWait)
                    .and("envConfigJs (a frontend's)", frontend ? envConfigJs : "")
                    .and("backend (a frontend's)", frontend && (derived || nginxSite == null) ? backend : "")
                    .check();
            return new DeployRequest(
                    env,
                    kind,
                    sha,
                    image,
                    expectedDigest,
                    registry,
                    registryLogin,
                    derived ? serviceContainer(frontend) : container,
                    runtimeEnv,
                    envConfigJs,
                    frontend && envConfigPath == null ? ENV_CONFIG_PATH : envConfigPath,
                    frontend && nginxSite == null ? NginxSite.render(backend, 8000, 8080) : nginxSite,
                    frontend && nginxSitePath == null ? DEFAULT_NGINX_SITE : nginxSitePath,
                    envDir == null ? envDir(env) : envDir,
                    health,
                    lockWait,
                    who,
                    runUrl,
                    rollback);
        }

        /**
         * The service's container: a backend's runtime variables by name (values from the 0600
         * file); a frontend's env-config.js mounted first and its {@code backend} host mapped.
         */
        private ContainerSpec serviceContainer(boolean frontend) {
            if (!frontend) {
                return new ContainerSpec(
                        kind.container(), image, List.of(), List.of(), volumes, new RuntimeEnvFile(runtimeEnv).names());
            }
            List<String> all = new ArrayList<>();
            all.add(ENV_CONFIG_PATH + ":/usr/share/nginx/html/env-config.js:ro");
            all.addAll(volumes);
            return new ContainerSpec(
                    kind.container(), image, List.of(), List.of("backend:" + backend.value()), all, List.of());
        }
    }
}
