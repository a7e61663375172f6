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
    void mainPipelineDeploysEachBranchToItsEnvironments() throws Exception {
        JsonNode main = parse(WorkflowGenerator.MAIN_PIPELINE);
        assertThat(main.at("/on/push/branches")).extracting(JsonNode::asText).containsExactly("development", "uat", "main");
        JsonNode jobs = main.get("jobs");
        assertThat(fieldNames(jobs)).containsExactly("dev-backend", "dev-frontend", "uat2-backend", "uat2",
                "prod2-backend", "prod2-frontend");
        assertThat(jobs.at("/uat2/if").asText()).isEqualTo("github.ref == 'refs/heads/uat'");
        assertThat(jobs.at("/uat2/needs/0").asText()).isEqualTo("uat2-backend");
        assertThat(jobs.at("/prod2-frontend/with/environment").asText()).isEqualTo("prod2-frontend");
        assertThat(jobs.at("/prod2-frontend/with/type").asText()).isEqualTo("frontend");
        assertThat(jobs.at("/dev-backend/uses").asText()).isEqualTo("./.github/workflows/reusable-deploy.yml");
        assertThat(jobs.at("/dev-backend/secrets").asText()).isEqualTo("inherit");
    }

    @Test
    void reusableDeployMapsTheManifestSecretNamesIntoEachJob() throws Exception {
        JsonNode jobs = parse(WorkflowGenerator.REUSABLE_DEPLOY).get("jobs");
        assertThat(fieldNames(jobs)).containsExactly("build", "test", "migrate", "deploy-backend", "deploy-frontend");
        assertThat(jobs.at("/test/services/postgres/image").asText()).isEqualTo("postgres:16");
        assertThat(jobs.at("/migrate/environment").asText()).isEqualTo("${{ inputs.environment }}");
        assertThat(jobs.at("/migrate/env/UAT_DB_PASSWORD").asText()).isEqualTo("${{ secrets.UAT_DB_PASSWORD }}");
        assertThat(jobs.at("/migrate/env/SSH_PASSWORD").asText()).isEqualTo("${{ secrets.SSH_PASSWORD }}");
        assertThat(fieldNames(jobs.at("/migrate/env"))).doesNotContain("PRODUCTION_HOST", "BACKEND_IP")
                .contains("DEV_DB_HOST", "PROD_SECRET_KEY", "DO_ACCESS_TOKEN");
        assertThat(fieldNames(jobs.at("/deploy-frontend/env"))).contains("PRODUCTION_HOST", "STAGING_USER",
                "BACKEND_IP", "REACT_APP_API_BASE_URL").doesNotContain("DEV_DB_PASSWORD");
        for (String secretName : manifest.secretNamesFor("uat2-backend")) {
            assertThat(jobs.at("/deploy-backend/env/" + secretName).asText()).isEqualTo("${{ secrets." + secretName + " }}");
        }
        assertThat(jobs.at("/migrate/steps/2/run").asText()).isEqualTo("./mvnw -B -ntp golden:migrate -Denv=\"$GOLDEN_ENV\"");
        assertThat(jobs.at("/deploy-backend/needs/0").asText()).isEqualTo("migrate");
        assertThat(jobs.at("/deploy-backend/steps/3/run").asText()).contains("golden:deploy", "-Dgolden.deploy.skipMigrate=true");
        // The digests golden:push recorded go from the build job to both deploy jobs, where golden:deploy reads them.
        assertThat(jobs.at("/build/steps/3/uses").asText()).isEqualTo("actions/upload-artifact@v4");
        assertThat(jobs.at("/build/steps/3/with/path").asText()).isEqualTo("target/golden/images.json");
        for (String deploy : List.of("deploy-backend", "deploy-frontend")) {
            assertThat(jobs.at("/" + deploy + "/steps/2/uses").asText()).isEqualTo("actions/download-artifact@v4");
            assertThat(jobs.at("/" + deploy + "/steps/2/with/name").asText()).isEqualTo(jobs.at("/build/steps/3/with/name").asText());
            assertThat(jobs.at("/" + deploy + "/steps/2/with/path").asText()).isEqualTo("target/golden");
        }
        assertThat(jobs.at("/build/steps/1/with/java-version").isTextual()).isTrue();
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
        JsonNode main = YAML.readTree(WorkflowGenerator.generate(ManifestLoader.load(file)).get(WorkflowGenerator.MAIN_PIPELINE));
        assertThat(main.at("/on/push/branches/1").asText()).isEqualTo("release/it's: #1");
        assertThat(main.at("/jobs/uat2/if").asText()).isEqualTo("github.ref == 'refs/heads/release/it''s: #1'");
    }

    @Test
    void writerCreatesThenChecksAndReportsDrift(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        Console console = new Console() {
            @Override public void debug(String m) { }
            @Override public void info(String m) { log.add(m); }
            @Override public void warn(String m) { log.add(m); }
            @Override public void error(String m) { log.add(m); }
        };
        WorkflowWriter writer = new WorkflowWriter(console);
        assertThat(writer.run(dir, REFERENCE, false)).containsExactly(WorkflowGenerator.MAIN_PIPELINE,
                WorkflowGenerator.REUSABLE_DEPLOY);
        assertThat(writer.run(dir, REFERENCE, true)).isEmpty();
        Path main = dir.resolve(WorkflowGenerator.MAIN_PIPELINE);
        Files.writeString(main, Files.readString(main).replace("name: Main Pipeline", "name: Hand edited"));
        assertThatThrownBy(() -> writer.run(dir, REFERENCE, true)).isInstanceOf(GoldenException.class)
                .hasMessageContaining("main-pipeline.yml");
        assertThat(log).contains("    -name: Hand edited", "    +name: Main Pipeline");
        assertThat(Files.readString(main)).contains("Hand edited");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(main)))
                .isEqualTo("rw-r--r--");
        try (var files = Files.list(main.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("main-pipeline.yml",
                    "reusable-deploy.yml");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
