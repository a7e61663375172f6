package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest, docs, parent bindings, rule selection and the tree walker. */
class ProjectRulesTest {

    @TempDir
    Path dir;

    private final VerifyConfig config = VerifyConfig.defaults();

    @Test
    void missingOldOrIncompleteManifestsAreReported() throws Exception {
        assertThat(new Fixture(dir).check(new ManifestRule(config)))
                .containsExactly("config/env.manifest.json:1: [manifest]");
        String reference = java.nio.file.Files.readString(Fixture.REFERENCE_MANIFEST);
        Fixture old = new Fixture(dir)
                .file("config/env.manifest.json", reference.replace("\"version\": \"3.3\"", "\"version\": \"3.2\""));
        List<Violation> found = new ManifestRule(config).check(old.tree());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).message()).contains("3.2");
        VerifyConfig seven = config.with(b -> b.environments = List.of("dev-backend", "uat3-backend"));
        Fixture ref = new Fixture(dir.resolve("ref")).referenceManifest();
        assertThat(ref.check(new ManifestRule(seven))).containsExactly("config/env.manifest.json:5: [manifest]");
    }

    @Test
    void theManifestAndTheWorkflowsNameTheSameEnvironments() throws Exception {
        VerifyConfig none = config.with(b -> b.environments = List.of());
        Fixture f = new Fixture(dir)
                .file(
                        "config/env.manifest.json",
                        java.nio.file.Files.readString(com.meatscentral.golden.manifest.V5Manifest.path()))
                .file(
                        ".github/workflows/deploy.yml",
                        "jobs:",
                        "  dev:",
                        "    environment: dev-backend",
                        "    steps:",
                        "      - run: mvn golden:deploy -Denv=dev-frontend",
                        "  uat:",
                        "    environment: uat2-backend",
                        "  expr:",
                        "    environment: ${{ inputs.environment }}");
        List<Violation> found = new ManifestRule(none).check(f.tree());
        assertThat(found)
                .extracting(v -> v.path() + ":" + v.line())
                .contains(".github/workflows/deploy.yml:7")
                .contains("config/env.manifest.json:" + lineOf(f, "\"uat-frontend\": {"));
        assertThat(found)
                .anySatisfy(
                        v -> assertThat(v.message())
                                .isEqualTo(
                                        "environment 'uat2-backend' is not in config/env.manifest.json (did you mean 'uat-backend'?)"));
        assertThat(found)
                .anySatisfy(v -> assertThat(v.message())
                        .isEqualTo(
                                "environment 'production-frontend' is deployed by no workflow in .github/workflows"));
        assertThat(found).noneSatisfy(v -> assertThat(v.message()).contains("'dev-frontend'"));
        assertThat(found).noneSatisfy(v -> assertThat(v.message()).contains("uat2-backend', "));
        // The seed's six names are not required of a manifest that does not list them.
        assertThat(found).noneSatisfy(v -> assertThat(v.message()).contains("is not defined"));
    }

    private static int lineOf(Fixture f, String needle) {
        List<String> lines = f.tree().lines("config/env.manifest.json");
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void theReferenceManifestPasses() {
        assertThat(new Fixture(dir).referenceManifest().check(new ManifestRule(config)))
                .isEmpty();
    }

    @Test
    void docsMustExist() {
        Fixture f = new Fixture(dir).file("docs/GOLDEN_PIPELINE.md", "# Golden");
        assertThat(f.check(new DocsRule(config))).containsExactly("docs/CONFIGURATION_AND_SECRETS.md:1: [docs]");
        f.file("docs/CONFIGURATION_AND_SECRETS.md", "# Secrets");
        assertThat(f.check(new DocsRule(config))).isEmpty();
    }

    @Test
    void unboundGoldenExecutionsAreReportedAtTheirPhaseNone() {
        Fixture f = new Fixture(dir)
                .file(
                        "pom.xml",
                        "<project>",
                        "  <build><plugins><plugin>",
                        "    <artifactId>golden-maven-plugin</artifactId>",
                        "    <executions>",
                        "      <execution>",
                        "        <id>golden-verify</id>",
                        "        <phase>none</phase>",
                        "      </execution>",
                        "    </executions>",
                        "  </plugin></plugins></build>",
                        "</project>");
        Map<String, List<String>> effective = Map.of(
                "verify",
                List.of("none"),
                "audit",
                List.of("validate"),
                "build",
                List.of("package"),
                "push",
                List.of("deploy"),
                "deploy",
                List.of("deploy"));
        assertThat(f.check(new ParentBindingsRule(config.with(b -> b.bindings = Optional.of(effective)))))
                .containsExactly("pom.xml:7: [parent-bindings]");
    }

    @Test
    void intactBindingsAndProjectsWithoutTheParentPass() {
        Fixture f = new Fixture(dir).file("pom.xml", "<project/>");
        Map<String, List<String>> effective = Map.of(
                "verify",
                List.of("validate"),
                "audit",
                List.of("validate"),
                "build",
                List.of("package"),
                "push",
                List.of("deploy"),
                "deploy",
                List.of("deploy"));
        assertThat(f.check(new ParentBindingsRule(config.with(b -> b.bindings = Optional.of(effective)))))
                .isEmpty();
        assertThat(f.check(new ParentBindingsRule(config))).isEmpty();
    }

    @Test
    void ruleSelectionIncludesExcludesAndRejectsUnknownIds() {
        List<Rule> all = Rules.all(config, Optional.empty());
        assertThat(Rules.select(all, List.of("docs", "manifest"), List.of()))
                .extracting(Rule::id)
                .containsExactly("manifest", "docs");
        assertThat(Rules.select(all, List.of(), Rules.ids("docs, workflow-drift")))
                .extracting(Rule::id)
                .doesNotContain("docs", "workflow-drift")
                .hasSize(all.size() - 2);
        assertThatThrownBy(() -> Rules.select(all, List.of("doc"), List.of()))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Unknown golden rule 'doc'");
        assertThat(all).extracting(Rule::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(r -> {
            assertThat(r.reason()).isNotBlank();
            assertThat(r.fix()).isNotBlank();
        });
    }

    @Test
    void theWalkerSkipsDependencyAndBuildDirectories() {
        Fixture f = new Fixture(dir)
                .file("frontend/node_modules/x/.env", "A=1")
                .file("backend/.venv/lib/site.py", "x")
                .file("backend/myenv/pyvenv.cfg", "home = /usr")
                .file("backend/myenv/lib/django_tenants/x.py", "import django_tenants")
                .file("target/classes/a.txt", "x")
                .file("build/out.txt", "x")
                .file(".gitignore", "/build/", "*.log")
                .file("backend/app.py", "x");
        assertThat(f.tree().files()).containsExactly(".gitignore", "backend/app.py");
    }
}
