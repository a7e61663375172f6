package com.meatscentral.golden.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dev environment's CI secrets as the test manifest names them (one droplet, 10.77.0.3), with
 * GitHub Actions' output and step-summary files under {@code tmp}; the secret key holds quotes, a
 * command substitution and a newline, so a test sees any unquoted or leaked use of it.
 */
final class DevEnvironmentSecrets {

    private DevEnvironmentSecrets() {}

    static Map<String, String> write(Path tmp) throws IOException {
        Map<String, String> secrets = new HashMap<>();
        secrets.putAll(Map.of(
                "DEV_HOST",
                "10.77.0.3",
                "DEV_USER",
                "deploy",
                "DEV_SSH_PASSWORD",
                "ssh-pw-123",
                "DO_ACCESS_TOKEN",
                "do-token-123",
                "DEV_DB_HOST",
                "10.77.1.2",
                "DEV_DB_NAME",
                "pm",
                "DEV_DB_USER",
                "owner",
                "DEV_DB_PASSWORD",
                "owner-pw-123",
                "DEV_DB_APP_USER",
                "app"));
        secrets.putAll(Map.of(
                "DEV_DB_APP_PASSWORD",
                "app-pw-123",
                "DEV_SECRET_KEY",
                "sk-'\"$(x)\nline2",
                "BACKEND_IP",
                "10.77.0.3",
                "REACT_APP_API_BASE_URL",
                "https://dev.example",
                "REACT_APP_ENVIRONMENT",
                "development",
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_OUTPUT",
                tmp.resolve("output").toString(),
                "GITHUB_STEP_SUMMARY",
                tmp.resolve("summary").toString()));
        Files.createFile(tmp.resolve("output"));
        return secrets;
    }
}
