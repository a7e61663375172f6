package com.meatscentral.golden.mojo;

import com.meatscentral.golden.image.RegistryCredentials;
import com.meatscentral.golden.secrets.Redactor;
import java.util.Map;

/** Registry logins as golden:push, golden:migrate and golden:deploy find them. */
final class RegistryLogins {

    private RegistryLogins() {}

    /**
     * CI secrets (DOCR's DO_ACCESS_TOKEN as {@code manifestSecret} maps it, GHCR's, then
     * {@code -Dgolden.registrySecrets}), settings.xml servers (decrypted by {@link MavenSettings}),
     * then the Docker CLI's config.json.
     */
    static RegistryCredentials credentials(
            Map<String, String> processEnv,
            MavenSettings settings,
            Redactor redactor,
            java.util.function.UnaryOperator<RegistryCredentials> manifestSecret,
            java.util.List<String> registrySecrets) {
        RegistryCredentials credentials = manifestSecret.apply(
                new RegistryCredentials(processEnv, settings.registryLogins(), null, redactor::register));
        if (registrySecrets != null) {
            registrySecrets.stream().filter(s -> s != null && !s.isBlank()).forEach(credentials::withSecretMapping);
        }
        return credentials;
    }
}
