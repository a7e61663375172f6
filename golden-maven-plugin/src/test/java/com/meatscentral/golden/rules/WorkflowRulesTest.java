package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.workflows.WorkflowGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRulesTest {

    @TempDir
    Path dir;

    private final HealthCheckRule health = new HealthCheckRule(VerifyConfig.defaults());

    @Test
    void weakerHealthSettingsInThePomAreReportedWithTheirLine() {
        Fixture f = new Fixture(dir)
                .file(
                        "pom.xml",
                        "<project>",
                        "  <properties>",
                        "    <golden.health.attempts>2</golden.health.attempts>",
                        "    <golden.health.timeoutSeconds>60</golden.health.timeoutSeconds>",
                        "  </properties>",
                        "  <build><plugins><plugin><configuration>",
                        "    <healthTimeoutSeconds>10</healthTimeoutSeconds>",
                        "    <healthAttempts>7</healthAttempts>",
                        "  </configuration></plugin></plugins></build>",
                        "</project>");
        assertThat(f.check(health))
                .containsExactlyInAnyOrder("pom.xml:3: [health-checks]", "pom.xml:7: [health-checks]");
    }

    @Test
    void wrongHealthUrlsAndAttemptsAreReported() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  deploy:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: docker run -d --name pm-backend -p 8000:8000 backend:sha",
                        "      - run: |",
                        "          for i in $(seq 1 3); do",
                        "            curl -fsS http://localhost:8000/health/ && break",
                        "          done",
                        "      - run: curl -fsS http://localhost:80/ && curl -fsS http://localhost:8080/");
        assertThat(f.check(health))
                .containsExactlyInAnyOrder(
                        ".github/workflows/deploy.yml:8: [health-checks]",
                        ".github/workflows/deploy.yml:9: [health-checks]",
                        ".github/workflows/deploy.yml:11: [health-checks]",
                        ".github/workflows/deploy.yml:6: [health-checks]");
    }

    @Test
    void referenceHealthChecksPass() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  deploy:",
                        "    runs-on: ubuntu-24.04",
                        "    steps:",
                        "      - run: docker run -d --name pm-backend -p 8000:8000 backend:sha",
                        "      - run: for i in $(seq 1 5); do curl -fsS http://localhost:8000/api/v1/health/ && break; sleep 5; done",
                        "      - run: docker run -d --name pm-frontend -p 8080:80 frontend:sha",
                        "      - run: for i in {1..5}; do curl -fsS http://127.0.0.1:8080/ && break; done");
        assertThat(f.check(health)).isEmpty();
    }

    @Test
    void latestImagesInProductionAreReported() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  prod:",
                        "    runs-on: ubuntu-latest",
                        "    environment: prod2-backend",
                        "    steps:",
                        "      - run: docker pull registry.digitalocean.com/pm/backend:latest",
                        "  dev:",
                        "    runs-on: ubuntu-latest",
                        "    environment: dev-backend",
                        "    steps:",
                        "      - run: docker pull registry.digitalocean.com/pm/backend:dev-backend-latest")
                .file(
                        "deploy/docker-compose.prod.yml",
                        "services:",
                        "  web:",
                        "    image: registry.digitalocean.com/pm/backend:prod2-backend-latest");
        assertThat(f.check(new ProdLatestRule(Set.of("prod2-backend", "prod2-frontend"))))
                .containsExactly(
                        ".github/workflows/deploy.yml:7: [prod-latest]",
                        "deploy/docker-compose.prod.yml:3: [prod-latest]");
    }

    @Test
    void shaTagsInProductionPass() {
        Fixture f = new Fixture(dir)
                .file(
                        ".github/workflows/deploy.yml",
                        "on: push",
                        "jobs:",
                        "  prod:",
                        "    runs-on: ubuntu-latest",
                        "    environment: prod2-backend",
                        "    steps:",
                        "      - run: docker pull registry.digitalocean.com/pm/backend:prod2-backend-${{ github.sha }}");
        assertThat(f.check(new ProdLatestRule(Set.of("prod2-backend")))).isEmpty();
    }

    @Test
    void driftIsReportedWithAUnifiedDiffAndMissingFilesToo() {
        Map<String, String> generated = WorkflowGenerator.generate(ManifestLoader.load(Fixture.REFERENCE_MANIFEST));
        String edited = generated.get(WorkflowGenerator.MAIN_PIPELINE).replace("      - uat\n", "      - staging\n");
        Fixture f = new Fixture(dir).file(WorkflowGenerator.MAIN_PIPELINE, edited.stripTrailing());
        List<Violation> found = new WorkflowDriftRule(generated).check(f.tree());
        assertThat(found)
                .extracting(Violation::format)
                .containsExactly(
                        ".github/workflows/main-pipeline.yml:8: [workflow-drift] differs from what golden:workflows generates"
                                + " (fix: run `mvn golden:workflows` and commit the result (change the manifest or the plugin, not the YAML))",
                        ".github/workflows/reusable-deploy.yml:1: [workflow-drift] generated workflow is missing"
                                + " (fix: run `mvn golden:workflows` and commit the result (change the manifest or the plugin, not the YAML))");
        assertThat(found.get(0).details().orElseThrow())
                .contains(
                        "--- a/.github/workflows/main-pipeline.yml",
                        "+++ b/.github/workflows/main-pipeline.yml",
                        "-      - staging",
                        "+      - uat");
    }

    @Test
    void aLiteralPastedIntoTheEnvIsNeverPrintedByTheDiff() {
        Map<String, String> generated = WorkflowGenerator.generate(ManifestLoader.load(Fixture.REFERENCE_MANIFEST));
        String edited = generated
                .get(WorkflowGenerator.REUSABLE_DEPLOY)
                .replaceFirst(
                        "UAT_DB_PASSWORD: \"\\$\\{\\{ secrets.UAT_DB_PASSWORD }}\"",
                        "UAT_DB_PASSWORD: pasted-Secret-42x");
        Fixture f = new Fixture(dir).file(WorkflowGenerator.REUSABLE_DEPLOY, edited.stripTrailing());
        String details = new WorkflowDriftRule(
                        Map.of(WorkflowGenerator.REUSABLE_DEPLOY, generated.get(WorkflowGenerator.REUSABLE_DEPLOY)))
                .check(f.tree())
                .get(0)
                .details()
                .orElseThrow();
        assertThat(details)
                .doesNotContain("pasted-Secret-42x")
                .contains(
                        "-          UAT_DB_PASSWORD: ***",
                        "+          UAT_DB_PASSWORD: \"${{ secrets.UAT_DB_PASSWORD }}\"");
    }

    @Test
    void generatedWorkflowsPassEveryWorkflowRule() {
        Map<String, String> generated = WorkflowGenerator.generate(ManifestLoader.load(Fixture.REFERENCE_MANIFEST));
        Fixture f = new Fixture(dir);
        generated.forEach((path, content) -> f.file(path, content.substring(0, content.length() - 1)));
        assertThat(f.check(new WorkflowDriftRule(generated))).isEmpty();
        assertThat(f.check(new WorkflowMigrateRule())).isEmpty();
        assertThat(f.check(health)).isEmpty();
        assertThat(f.check(new ProdLatestRule(Set.of("prod2-backend", "prod2-frontend"))))
                .isEmpty();
    }
}
