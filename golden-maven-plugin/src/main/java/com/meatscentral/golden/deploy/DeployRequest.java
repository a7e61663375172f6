package com.meatscentral.golden.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    public static final String FRONTEND_ENV_DIR = "/opt/pm/frontend/env";
    public static final String ENV_CONFIG_PATH = FRONTEND_ENV_DIR + "/env-config.js";
    public static final String DEFAULT_NGINX_SITE = "/etc/nginx/sites-enabled/default";

    public static String envDir(String env) {
        return "/opt/pm/" + env;
    }

    public static DeployRequest backend(
            String env,
            String sha,
            String image,
            String expectedDigest,
            String registry,
            RegistryLogin registryLogin,
            Map<String, String> runtimeEnv,
            List<String> volumes,
            HealthPolicy health,
            Duration lockWait,
            String who,
            String runUrl) {
        ContainerSpec spec = new ContainerSpec(
                ServiceKind.BACKEND.container(),
                image,
                List.of(),
                List.of(),
                volumes,
                new RuntimeEnvFile(runtimeEnv).names());
        return new DeployRequest(
                env,
                ServiceKind.BACKEND,
                sha,
                image,
                expectedDigest,
                registry,
                registryLogin,
                spec,
                Map.copyOf(runtimeEnv),
                null,
                null,
                null,
                null,
                envDir(env),
                health,
                lockWait,
                who,
                runUrl,
                false);
    }

    public static DeployRequest frontend(
            String env,
            String sha,
            String image,
            String expectedDigest,
            String registry,
            RegistryLogin registryLogin,
            BackendAddress backend,
            String apiBaseUrl,
            String environment,
            Map<String, String> frontendRuntime,
            List<String> volumes,
            String nginxSitePath,
            HealthPolicy health,
            Duration lockWait,
            String who,
            String runUrl) {
        List<String> allVolumes = new ArrayList<>();
        allVolumes.add(ENV_CONFIG_PATH + ":/usr/share/nginx/html/env-config.js:ro");
        allVolumes.addAll(volumes);
        ContainerSpec spec = new ContainerSpec(
                ServiceKind.FRONTEND.container(),
                image,
                List.of(),
                List.of("backend:" + backend.value()),
                allVolumes,
                List.of());
        return new DeployRequest(
                env,
                ServiceKind.FRONTEND,
                sha,
                image,
                expectedDigest,
                registry,
                registryLogin,
                spec,
                Map.of(),
                EnvConfigJs.render(apiBaseUrl, environment, frontendRuntime),
                ENV_CONFIG_PATH,
                NginxSite.render(backend, 8000, 8080),
                nginxSitePath == null ? DEFAULT_NGINX_SITE : nginxSitePath,
                envDir(env),
                health,
                lockWait,
                who,
                runUrl,
                false);
    }

    /** Same deploy, another image (golden:rollback). */
    public DeployRequest withImage(String newSha, String newImage, String newDigest) {
        return new DeployRequest(
                env,
                kind,
                newSha,
                newImage,
                newDigest,
                registry,
                registryLogin,
                new ContainerSpec(
                        container.name(),
                        newImage,
                        container.ports(),
                        container.addHosts(),
                        container.volumes(),
                        container.envNames()),
                runtimeEnv,
                envConfigJs,
                envConfigPath,
                nginxSite,
                nginxSitePath,
                envDir,
                health,
                lockWait,
                who,
                runUrl,
                true);
    }

    /** The frontend's env-config.js of one slot: each slot container mounts its own, so the previous keeps its config. */
    public static String envConfigPath(int slot) {
        return FRONTEND_ENV_DIR + "/slot-" + slot + "/env-config.js";
    }

    /** The container of {@code slot}: its name, published on the droplet's loopback only, its own env-config.js. */
    public ContainerSpec slotSpec(int slot) {
        java.util.List<String> volumes = container.volumes().stream()
                .map(v -> v.startsWith(ENV_CONFIG_PATH + ":")
                        ? envConfigPath(slot) + v.substring(ENV_CONFIG_PATH.length())
                        : v)
                .toList();
        return new ContainerSpec(
                kind.slotContainer(slot),
                container.image(),
                java.util.List.of("127.0.0.1:" + kind.slotPort(slot) + ":" + kind.containerPort()),
                container.addHosts(),
                volumes,
                container.envNames());
    }

    @Override
    public String toString() {
        // runtimeEnv and the token are secrets: never in a toString.
        return "DeployRequest[" + env + " " + kind + " " + image + "]";
    }
}
