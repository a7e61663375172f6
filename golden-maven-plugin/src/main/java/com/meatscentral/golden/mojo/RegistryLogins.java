package com.meatscentral.golden.mojo;

import com.meatscentral.golden.image.RegistryCredentials;
import com.meatscentral.golden.secrets.Redactor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Registry logins as golden:push, golden:migrate and golden:deploy find them. */
final class RegistryLogins {

    private RegistryLogins() {
    }

    /**
     * CI secrets (DOCR's DO_ACCESS_TOKEN as {@code manifestSecret} maps it, GHCR's, then
     * {@code -Dgolden.registrySecrets}), settings.xml servers, then the Docker CLI's config.json.
     */
    static RegistryCredentials credentials(Map<String, String> processEnv, Settings settings, SettingsDecrypter decrypter,
                                           Redactor redactor, java.util.function.UnaryOperator<RegistryCredentials> manifestSecret,
                                           java.util.List<String> registrySecrets) {
        RegistryCredentials credentials = manifestSecret.apply(
                new RegistryCredentials(processEnv, servers(settings, decrypter, redactor), null, redactor::register));
        if (registrySecrets != null) {
            registrySecrets.stream().filter(s -> s != null && !s.isBlank()).forEach(credentials::withSecretMapping);
        }
        return credentials;
    }

    /** settings.xml {@code <server>} logins by id (a registry host), passwords decrypted by Maven and registered for redaction. */
    static Map<String, RegistryCredentials.ServerLogin> servers(Settings settings, SettingsDecrypter decrypter, Redactor redactor) {
        Map<String, RegistryCredentials.ServerLogin> servers = new HashMap<>();
        if (settings == null) {
            return servers;
        }
        for (Server server : settings.getServers()) {
            Server s = server;
            if (decrypter != null) {
                SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
                if (result.getServer() != null) {
                    s = result.getServer();
                }
            }
            if (s.getPassword() != null) {
                redactor.register(s.getPassword());
            }
            servers.put(s.getId().toLowerCase(Locale.ROOT), new RegistryCredentials.ServerLogin(s.getUsername(), s.getPassword()));
        }
        return servers;
    }
}
