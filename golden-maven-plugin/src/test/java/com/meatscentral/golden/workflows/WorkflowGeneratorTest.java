package com.meatscentral.golden.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowGeneratorTest {

    static final Path REFERENCE = Path.of("../config/env.manifest.json");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Manifest manifest = ManifestLoader.load(REFERENCE);

    private JsonNode parse(String path) throws Exception {
        return YAML.readTree(WorkflowGenerator.generate(manifest).get(path));
    }

    @Test
    void mainPipelineBuildsOncePerBranchThenDeploysEachEnvironment() throws Exception {
        JsonNode main = parse(WorkflowGenerator.MAIN_PIPELINE);
        assertThat(main.at("/on/push/branches"))
                .extracting(JsonNode::asText)
                .containsExactly("development", "uat", "main");
        JsonNode jobs = main.get("jobs");
        assertThat(fieldNames(jobs))
                .containsExactly(
                        "build-development",
                        "build-uat",
                        "build-main",
                        "dev-backend",
                        "dev-frontend",
                        "uat2-backend",
                        "uat2",
                        "prod2-backend",
                        "prod2-frontend");
        assertThat(jobs.at("/uat2/if").asText()).isEqualTo("github.ref == 'refs/heads/uat'");
        assertThat(jobs.at("/uat2/needs")).extracting(JsonNode::asText).containsExactly("build-uat", "uat2-backend");
        assertThat(jobs.at("/uat2-backend/needs")).extracting(JsonNode::asText).containsExactly("build-uat");
        assertThat(jobs.at("/prod2-frontend/with/environment").asText()).isEqualTo("prod2-frontend");
        assertThat(jobs.at("/prod2-frontend/with/type").asText()).isEqualTo("frontend");
        assertThat(jobs.at("/prod2-frontend/with/images-artifact").asText()).isEqualTo("golden-images-main");
        assertThat(jobs.at("/dev-backend/uses").asText()).isEqualTo("./.github/workflows/reusable-deploy.yml");
        assertThat(jobs.at("/dev-backend/secrets").asText()).isEqualTo("inherit");
        // Each branch's images are built by one job, each environment's once: not once per environment job.
        JsonNode buildUat = jobs.get("build-uat");
        assertThat(buildUat.at("/if").asText()).isEqualTo("github.ref == 'refs/heads/uat'");
        List<String> builds = new ArrayList<>();
        buildUat.get("steps").forEach(st -> {
            if (st.path("run").asText().contains("golden:build golden:push")) {
                builds.add(st.at("/env/GOLDEN_ENV").asText());
            }
        });
        assertThat(builds).containsExactly("uat2-backend", "uat2");
        assertThat(buildUat.at("/steps/4/uses").asText()).startsWith(PinnedActions.UPLOAD_ARTIFACT + "@");
        assertThat(buildUat.at("/steps/4/with/name").asText()).isEqualTo("golden-images-uat");
        assertThat(buildUat.at("/steps/4/with/path").asText()).isEqualTo("target/golden/images.json");
        // DO_ACCESS_TOKEN is a repository secret: the build job needs no GitHub environment.
        assertThat(buildUat.has("environment")).isFalse();
        String reusable = WorkflowGenerator.generate(manifest).get(WorkflowGenerator.REUSABLE_DEPLOY);
        assertThat(reusable).doesNotContain("golden:build");
    }

    @Test
    void reusableDeployHandsTheManifestSecretNamesToTheGoalStepOnly() throws Exception {
        JsonNode jobs = parse(WorkflowGenerator.REUSABLE_DEPLOY).get("jobs");
        assertThat(fieldNames(jobs)).containsExactly("test", "migrate", "deploy-backend", "deploy-frontend");
        assertThat(jobs.at("/test/services/postgres/image").asText()).isEqualTo("postgres:16");
        assertThat(jobs.at("/migrate/environment").asText()).isEqualTo("${{ inputs.environment }}");
        JsonNode migrateStep = jobs.at("/migrate/steps/2");
        assertThat(migrateStep.at("/run").asText()).isEqualTo("./mvnw -B -ntp golden:migrate -Denv=\"$GOLDEN_ENV\"");
        assertThat(migrateStep.at("/env/UAT_DB_PASSWORD").asText()).isEqualTo("${{ secrets.UAT_DB_PASSWORD }}");
        assertThat(migrateStep.at("/env/SSH_PASSWORD").asText()).isEqualTo("${{ secrets.SSH_PASSWORD }}");
        assertThat(fieldNames(migrateStep.get("env")))
                .doesNotContain("PRODUCTION_HOST", "BACKEND_IP")
                .contains("DEV_DB_HOST", "PROD_SECRET_KEY", "DO_ACCESS_TOKEN");
        JsonNode frontendStep = jobs.at("/deploy-frontend/steps/3");
        assertThat(fieldNames(frontendStep.get("env")))
                .contains("PRODUCTION_HOST", "STAGING_USER", "BACKEND_IP", "REACT_APP_API_BASE_URL")
                .doesNotContain("DEV_DB_PASSWORD");
        for (String secretName : manifest.secretNamesFor("uat2-backend")) {
            assertThat(jobs.at("/deploy-backend/steps/3/env/" + secretName).asText())
                    .isEqualTo("${{ secrets." + secretName + " }}");
        }
        assertThat(fieldNames(jobs.at("/migrate/env"))).containsExactly("GOLDEN_ENV", "MAVEN_OPTS");
        assertThat(jobs.at("/deploy-backend/needs/0").asText()).isEqualTo("migrate");
        assertThat(jobs.at("/deploy-backend/steps/3/run").asText())
                .contains("golden:deploy", "-Dgolden.deploy.skipMigrate=true");
        // The digests golden:push recorded come from the branch's build job (main pipeline) to both deploy jobs.
        for (String deploy : List.of("deploy-backend", "deploy-frontend")) {
            assertThat(jobs.at("/" + deploy + "/steps/2/uses").asText())
                    .startsWith(PinnedActions.DOWNLOAD_ARTIFACT + "@");
            assertThat(jobs.at("/" + deploy + "/steps/2/with/name").asText())
                    .isEqualTo("${{ inputs.images-artifact }}");
            assertThat(jobs.at("/" + deploy + "/steps/2/with/path").asText()).isEqualTo("target/golden");
        }
        assertThat(jobs.at("/migrate/steps/1/with/java-version").isTextual()).isTrue();
    }

    /** #15 item 7: on the old generator every secret was in job-level env, actions were @v4, permissions workflow-wide. */
    @Test
    void secretsOnlyOnTheStepThatNeedsThemActionsPinnedByCommitPermissionsPerJob() throws Exception {
        for (String path : List.of(WorkflowGenerator.MAIN_PIPELINE, WorkflowGenerator.REUSABLE_DEPLOY)) {
            String text = WorkflowGenerator.generate(manifest).get(path);
            JsonNode root = YAML.readTree(text);
            assertThat(root.get("permissions").size())
                    .as(path + " grants nothing workflow-wide")
                    .isZero();
            root.get("jobs").fields().forEachRemaining(job -> {
                JsonNode j = job.getValue();
                assertThat(j.get("permissions").toString()).as(job.getKey()).isEqualTo("{\"contents\":\"read\"}");
                assertThat(j.path("env").toString())
                        .as(job.getKey() + " job env")
                        .doesNotContain("secrets.");
                j.path("steps").forEach(step -> {
                    if (step.has("uses")) {
                        assertThat(step.get("uses").asText()).matches("[\\w-]+/[\\w-]+@[0-9a-f]{40}");
                        assertThat(step.path("env").toString()).doesNotContain("secrets.");
                    }
                });
            });
            List<String> usesLines =
                    text.lines().filter(l -> l.contains("uses: actions/")).toList();
            assertThat(usesLines)
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).matches(".*@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+"));
        }
        assertThat(PinnedActions.uses(PinnedActions.CHECKOUT))
                .isEqualTo("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683");
        assertThat(PinnedActions.tag(PinnedActions.CHECKOUT)).isEqualTo("v4.2.2");
    }

    /** #18 item 5: a model change without its migration fails the test job, before anything is deployed. */
    @Test
    void theTestJobChecksThatEveryModelChangeHasItsMigration() throws Exception {
        JsonNode steps = parse(WorkflowGenerator.REUSABLE_DEPLOY).at("/jobs/test/steps");
        List<String> runs = new ArrayList<>();
        steps.forEach(st -> runs.add(st.path("run").asText()));
        int check = runs.indexOf("python manage.py makemigrations --check --dry-run");
        assertThat(check).isPositive().isLessThan(runs.indexOf("sh scripts/test-backend.sh"));
        assertThat(steps.get(check).get("working-directory").asText()).isEqualTo("backend");
    }

    /** A v5-style manifest: no "branch", a deployment_target per environment. */
    static Path v5Style(Path dir) throws Exception {
        String json = Files.readString(REFERENCE)
                .replace("\"branch\": \"development\"", "\"deployment_target\": \"development\"")
                .replace("\"branch\": \"uat\"", "\"deployment_target\": \"uat\"")
                .replace("\"branch\": \"main\"", "\"deployment_target\": \"production\"");
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void branchesComeFromTheDeploymentTargetMappingWhenTheManifestHasNone(@TempDir Path dir) throws Exception {
        Manifest v5 = ManifestLoader.load(v5Style(dir));
        assertThat(v5.environment("prod2-backend").deploymentTarget()).contains("production");
        Map<String, String> generated = WorkflowGenerator.generate(
                v5, BranchMapping.parse("development=development, uat=uat, production=main"));
        assertThat(generated).isEqualTo(WorkflowGenerator.generate(manifest));
        assertThat(YAML.readTree(generated.get(WorkflowGenerator.MAIN_PIPELINE))
                        .at("/jobs/prod2-frontend/if")
                        .asText())
                .isEqualTo("github.ref == 'refs/heads/main'");
    }

    @Test
    void withoutBranchesTheGoalFailsNamingWhatToSetAndWritesNothing(@TempDir Path dir) throws Exception {
        Path v5 = v5Style(dir);
        WorkflowWriter writer = new WorkflowWriter(Console.SILENT);
        assertThatThrownBy(() -> writer.run(dir, v5, BranchMapping.none(), false))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("no branch for dev-backend (deployment_target development), dev-frontend")
                .hasMessageContaining("prod2-frontend (deployment_target production)")
                .satisfies(e -> assertThat(((GoldenException) e).hint().orElseThrow())
                        .contains("-Dgolden.workflows.branches=development=development,uat=uat,production=main"));
        assertThat(dir.resolve(".github")).doesNotExist();
        assertThatThrownBy(() ->
                        writer.run(dir, v5, BranchMapping.parse("development=development,uat=uat,prod=main"), false))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("no branch for prod2-backend (deployment_target production), prod2-frontend")
                .hasMessageContaining("names prod, which no environment has as deployment_target or name");
        assertThatThrownBy(() -> BranchMapping.parse("development,uat="))
                .isInstanceOf(GoldenException.class)
                .hasMessage("-Dgolden.workflows.branches has entries that are not target=branch: development, uat=");
        assertThat(dir.resolve(".github")).doesNotExist();
    }

    @Test
    void sameManifestSameBytes() {
        Map<String, String> first = WorkflowGenerator.generate(manifest);
        Map<String, String> second = WorkflowGenerator.generate(ManifestLoader.load(REFERENCE));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void userValuesAreQuotedByTheEmitter(@TempDir Path dir) throws Exception {
        String json = Files.readString(REFERENCE).replace("\"branch\": \"uat\"", "\"branch\": \"release/it's: #1\"");
        Path file = dir.resolve("env.manifest.json");
        Files.writeString(file, json);
        JsonNode main = YAML.readTree(
                WorkflowGenerator.generate(ManifestLoader.load(file)).get(WorkflowGenerator.MAIN_PIPELINE));
        assertThat(main.at("/on/push/branches/1").asText()).isEqualTo("release/it's: #1");
        assertThat(main.at("/jobs/uat2/if").asText()).isEqualTo("github.ref == 'refs/heads/release/it''s: #1'");
    }

    @Test
    void writerCreatesThenChecksAndReportsDrift(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        Console console = (level, m) -> {
            if (level != Console.Level.DEBUG) {
                log.add(m);
            }
        };
        WorkflowWriter writer = new WorkflowWriter(console);
        assertThat(writer.run(dir, REFERENCE, false))
                .containsExactly(WorkflowGenerator.MAIN_PIPELINE, WorkflowGenerator.REUSABLE_DEPLOY);
        assertThat(writer.run(dir, REFERENCE, true)).isEmpty();
        Path main = dir.resolve(WorkflowGenerator.MAIN_PIPELINE);
        Files.writeString(main, Files.readString(main).replace("name: Main Pipeline", "name: Hand edited"));
        assertThatThrownBy(() -> writer.run(dir, REFERENCE, true))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("main-pipeline.yml");
        assertThat(log).contains("    -name: Hand edited", "    +name: Main Pipeline");
        assertThat(Files.readString(main)).contains("Hand edited");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(main)))
                .isEqualTo("rw-r--r--");
        try (var files = Files.list(main.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("main-pipeline.yml", "reusable-deploy.yml");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
