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
 * @param registryToken    DO_ACCESS_TOKEN, used as user and password (DOCR); null: no login
 * @param runtimeEnv       backend: the container's variables (values are secrets)
 * @param envConfigJs      frontend: the rendered env-config.js, else null
 * @param nginxSite        frontend: the rendered host nginx site, else null
 */
public record DeployRequest(String env, ServiceKind kind, String sha, String image, String expectedDigest,
                            String registry, String registryToken, ContainerSpec container,
                            Map<String, String> runtimeEnv, String envConfigJs, String envConfigPath,
                            String nginxSite, String nginxSitePath, String envDir,
                            HealthPolicy health, Duration lockWait, String who, String runUrl) {

    public static final String FRONTEND_ENV_DIR = "/opt/pm/frontend/env";
    public static final String ENV_CONFIG_PATH = FRONTEND_ENV_DIR + "/env-config.js";
    public static final String DEFAULT_NGINX_SITE = "/etc/nginx/sites-enabled/default";

    public static String envDir(String env) {
        return "/opt/pm/" + env;
    }

    public static DeployRequest backend(String env, String sha, String image, String expectedDigest, String registry,
                                        String registryToken, Map<String, String> runtimeEnv, List<String> volumes,
                                        HealthPolicy health, Duration lockWait, String who, String runUrl) {
        ContainerSpec spec = new ContainerSpec(ServiceKind.BACKEND.container(), image, List.of("8000:8000"), List.of(),
                volumes, new RuntimeEnvFile(runtimeEnv).names());
        return new DeployRequest(env, ServiceKind.BACKEND, sha, image, expectedDigest, registry, registryToken, spec,
                Map.copyOf(runtimeEnv), null, null, null, null, envDir(env), health, lockWait, who, runUrl);
    }

    public static DeployRequest frontend(String env, String sha, String image, String expectedDigest, String registry,
                                         String registryToken, BackendAddress backend, String apiBaseUrl,
                                         String environment, Map<String, String> frontendRuntime, List<String> volumes,
                                         String nginxSitePath, HealthPolicy health, Duration lockWait, String who,
                                         String runUrl) {
        List<String> allVolumes = new ArrayList<>();
        allVolumes.add(ENV_CONFIG_PATH + ":/usr/share/nginx/html/env-config.js:ro");
        allVolumes.addAll(volumes);
        ContainerSpec spec = new ContainerSpec(ServiceKind.FRONTEND.container(), image, List.of("8080:80"),
                List.of("backend:" + backend.value()), allVolumes, List.of());
        return new DeployRequest(env, ServiceKind.FRONTEND, sha, image, expectedDigest, registry, registryToken, spec,
                Map.of(), EnvConfigJs.render(apiBaseUrl, environment, frontendRuntime), ENV_CONFIG_PATH,
                NginxSite.render(backend, 8000, 8080), nginxSitePath == null ? DEFAULT_NGINX_SITE : nginxSitePath,
                envDir(env), health, lockWait, who, runUrl);
    }

    /** Same deploy, another image (golden:rollback). */
    public DeployRequest withImage(String newSha, String newImage, String newDigest) {
        return new DeployRequest(env, kind, newSha, newImage, newDigest, registry, registryToken,
                new ContainerSpec(container.name(), newImage, container.ports(), container.addHosts(),
                        container.volumes(), container.envNames()),
                runtimeEnv, envConfigJs, envConfigPath, nginxSite, nginxSitePath, envDir, health, lockWait, who, runUrl);
    }

    @Override
    public String toString() {
        // runtimeEnv and the token are secrets: never in a toString.
        return "DeployRequest[" + env + " " + kind + " " + image + "]";
    }
}
