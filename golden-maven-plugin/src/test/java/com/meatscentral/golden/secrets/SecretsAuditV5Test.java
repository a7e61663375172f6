package com.meatscentral.golden.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.V5Manifest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit of a v5.x manifest against GitHub: no prefixes, required repository secrets, values not asked for. */
class SecretsAuditV5Test {

    private final Manifest manifest = V5Manifest.load();

    private GitHubSecrets github(Set<String> repository) {
        Map<String, Set<String>> environments = new HashMap<>();
        for (String env : manifest.environmentNames()) {
            Set<String> names = new HashSet<>(manifest.secretNamesFor(env));
            names.removeAll(manifest.globalSecrets().keySet());
            // values given by the manifest for this environment are not secrets there
            names.remove("REACT_APP_API_BASE_URL");
            names.remove("REACT_APP_ENVIRONMENT");
            names.remove("DB_NAME");
            names.remove("FRONTEND_URL");
            names.remove("DB_PORT");
            names.remove("SSH_HOST_FINGERPRINT");
            environments.put(manifest.environment(env).githubEnvironment(), names);
        }
        return new GitHubSecrets(repository, Set.of(), environments);
    }

    @Test
    void allPresentIsAllClear() {
        AuditReport report = SecretsAudit.againstGitHub(
                manifest, manifest.environmentNames(), "o/r", github(Set.of("DO_ACCESS_TOKEN", "PAT")));
        assertThat(report.missingCount()).isZero();
        assertThat(report.zombieCount()).isZero();
    }

    @Test
    void aMissingRequiredRepositorySecretFailsTheAuditNamed() {
        AuditReport report = SecretsAudit.againstGitHub(
                manifest, manifest.environmentNames(), "o/r", github(Set.of("DO_ACCESS_TOKEN")));
        assertThat(report.missingCount()).isEqualTo(6); // PAT, in each of the six environments
        assertThat(report.failure(false, "config/env.manifest.json"))
                .get()
                .extracting(Throwable::getMessage)
                .asString()
                .contains("PAT");
    }
}
