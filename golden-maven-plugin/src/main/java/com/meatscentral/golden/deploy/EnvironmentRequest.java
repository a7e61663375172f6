package com.meatscentral.golden.deploy;

import com.meatscentral.golden.manifest.Environment;
import com.meatscentral.golden.manifest.EnvironmentValues;
import com.meatscentral.golden.manifest.Role;
import com.meatscentral.golden.manifest.Variable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@link DeployRequest} of one manifest environment: the goal's options, and what the
 * environment's values give the container: a backend's runtime variables, a frontend's
 * env-config.js and the backend address its container and host nginx site point at.
 */
final class EnvironmentRequest {

    private EnvironmentRequest() {}

    /** The image a deploy runs: its commit, its reference, the digest to check after the pull (null: none). */
    record Image(String sha, String reference, String digest) {}

    /** @param login the droplet's registry credential for the image's registry; null: no login */
    static DeployRequest of(
            DeployOptions o, EnvironmentValues values, Image image, RegistryLogin login, Consumer<String> warn) {
        Environment env = values.environment();
        return DeployRequest.of(b -> {
            b.env = o.env();
            b.kind = env.isBackend() ? ServiceKind.BACKEND : ServiceKind.FRONTEND;
            b.sha = image.sha();
            b.image = image.reference();
            b.expectedDigest = image.digest();
            b.registry = o.registryHost();
            b.registryLogin = login;
            b.volumes = o.volumes();
            b.health = o.health();
            b.lockWait = o.lockWait();
            b.who = o.who();
            b.runUrl = o.runUrl();
            if (env.isBackend()) {
                b.runtimeEnv = BackendRuntimeEnv.from(values, warn);
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
        Map<String, String> runtime = new LinkedHashMap<>();
        values.variables().stream()
                .filter(v -> v.category() == Variable.Category.FRONTEND_RUNTIME)
                .forEach(v -> values.get(v.name()).ifPresent(val -> runtime.put(v.name(), val)));
        return runtime;
    }
}
