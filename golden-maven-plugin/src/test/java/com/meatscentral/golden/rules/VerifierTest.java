package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import com.meatscentral.golden.workflows.WorkflowWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<String> stdout = new ArrayList<>();
    private final Console console = (level, m) -> {
        if (level != Console.Level.DEBUG) {
            log.add(level + " " + m);
        }
    };

    private static final int RULES =
            Rules.all(VerifyConfig.defaults(), java.util.Optional.empty()).size();

    private Fixture cleanService() {
        Fixture f = new Fixture(dir)
                .referenceManifest()
                .file("docs/GOLDEN_PIPELINE.md", "# Golden")
                .file("docs/CONFIGURATION_AND_SECRETS.md", "# Secrets")
                .file("backend/requirements.txt", "Django==5.1");
        new WorkflowWriter(Console.SILENT).run(dir, dir.resolve("config/env.manifest.json"), false);
        return f;
    }

    @Test
    void aCleanServicePasses() {
        cleanService();
        Verifier v = new Verifier(console, new GitHubActions(Map.of(), stdout::add));
        Verifier.Result result = v.check(dir, VerifyConfig.defaults(), List.of(), List.of());
        assertThat(result.violations()).isEmpty();
        v.report(result, true);
        assertThat(log)
                .singleElement()
                .asString()
                .startsWith("INFO golden:verify: 0 violations (" + RULES + " rules, ");
    }

    @Test
    void violationsAreGroupedByRuleCountedAnnotatedAndFailTheBuild() {
        cleanService()
                .file("backend/requirements.txt", "Django==5.1", "django-tenants==3.6")
                .file(".env.example", "SECRET_KEY=abc123def456");
        Verifier v = new Verifier(console, new GitHubActions(Map.of("GITHUB_ACTIONS", "true"), stdout::add));
        Verifier.Result result = v.check(dir, VerifyConfig.defaults(), List.of(), List.of());
        assertThatThrownBy(() -> v.report(result, true))
                .isInstanceOf(GoldenException.class)
                .hasMessageStartingWith("golden:verify: 3 violations (" + RULES + " rules, ");
        assertThat(log)
                .containsSubsequence(
                        "ERROR [tenancy-packages] schema-per-tenant libraries contradict the shared-schema tenancy (1)",
                        "ERROR backend/requirements.txt:2: [tenancy-packages] depends on django-tenants, a schema-per-tenant"
                                + " library (fix: remove the package; tenancy is a tenant ForeignKey filtered by request.tenant)",
                        "ERROR [env-file-values] values belong in CI secrets named by config/env.manifest.json, never in"
                                + " committed .env files (1)",
                        "ERROR [hardcoded-secret] a secret in the repository is a leaked secret; values come from CI secrets"
                                + " named by the manifest (1)");
        assertThat(stdout)
                .contains("::error file=backend/requirements.txt,line=2::[tenancy-packages] depends on"
                        + " django-tenants, a schema-per-tenant library (fix: remove the package; tenancy is a tenant ForeignKey"
                        + " filtered by request.tenant)");
    }

    @Test
    void failOnViolationFalseOnlyWarns() {
        cleanService().file("backend/requirements.txt", "django-tenants");
        Verifier v = new Verifier(console, new GitHubActions(Map.of(), stdout::add));
        v.report(v.check(dir, VerifyConfig.defaults(), List.of("tenancy-packages"), List.of()), false);
        assertThat(log)
                .last()
                .asString()
                .isEqualTo("WARN golden:verify: 1 violation (1 rules, "
                        + v.check(dir, VerifyConfig.defaults(), List.of(), List.of())
                                .files() + " files)");
    }
}
