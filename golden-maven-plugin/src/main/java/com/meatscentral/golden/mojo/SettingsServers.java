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

/** settings.xml {@code <server>} logins by id (a registry host), passwords decrypted by Maven and registered for redaction. */
final class SettingsServers {

    private SettingsServers() {
    }

    static Map<String, RegistryCredentials.ServerLogin> of(Settings settings, SettingsDecrypter decrypter, Redactor redactor) {
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
