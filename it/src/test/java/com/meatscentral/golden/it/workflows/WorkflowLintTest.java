package com.meatscentral.golden.it.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.workflows.BranchMapping;
import com.meatscentral.golden.workflows.WorkflowGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every workflow golden:workflows generates, and every generated workflow committed in this
 * repository, passes a workflow linter: action-validator (GitHub's workflow schema plus its own
 * checks), installed from npm into target/ at the version the root POM pins.
 */
class WorkflowLintTest {

    private static final Path REPO = Path.of(System.getProperty("golden.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path TARGET =
            Path.of(System.getProperty("golden.it.target", "target")).toAbsolutePath();
    private static final String VERSION = System.getProperty("golden.it.actionValidator.version", "0.6.0");
    private static Path validator;

    @BeforeAll
    static void installLinter() throws Exception {
        Path prefix = TARGET.resolve("action-validator-" + VERSION);
        validator = prefix.resolve("node_modules/.bin/action-validator");
        if (!Files.isExecutable(validator)) {
            Result npm = exec(
                    REPO,
                    300,
                    "npm",
                    "install",
                    "--prefix",
                    prefix.toString(),
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "@action-validator/cli@" + VERSION,
                    "@action-validator/core@" + VERSION);
            assertThat(npm.code())
                    .as(
                            "npm install @action-validator/cli@%s (needs node and npm: it/setup-machine.sh"
                                    + " installs Debian's npm):%n%s",
                            VERSION, npm.output())
                    .isZero();
        }
        assertThat(validator).isExecutable();
    }

    @Test
    void generatedWorkflowsPassTheLinter() throws Exception {
        Path out = TARGET.resolve("workflow-lint");
        List<Path> files = new ArrayList<>();
        files.addAll(write(
                out.resolve("reference"),
                WorkflowGenerator.generate(ManifestLoader.load(REPO.resolve("config/env.manifest.json")))));
        // A v5-style manifest: no branch, a deployment_target per environment, and the mapping.
        String v5 = Files.readString(REPO.resolve("config/env.manifest.json"))
                .replace("\"branch\": \"development\"", "\"deployment_target\": \"development\"")
                .replace("\"branch\": \"uat\"", "\"deployment_target\": \"uat\"")
                .replace("\"branch\": \"main\"", "\"deployment_target\": \"production\"");
        Path v5Manifest = out.resolve("v5/env.manifest.json");
        Files.createDirectories(v5Manifest.getParent());
        Files.writeString(v5Manifest, v5);
        files.addAll(write(
                out.resolve("v5"),
                WorkflowGenerator.generate(
                        ManifestLoader.load(v5Manifest),
                        BranchMapping.parse("development=development,uat=uat,production=main"))));
        try (Stream<Path> committed = Stream.of(
                        REPO.resolve("golden-archetype/src/main/resources/archetype-resources/.github/workflows"),
                        REPO.resolve("it/src/it/verify-clean/.github/workflows"),
                        REPO.resolve("it/src/it/verify-real-layout/.github/workflows"))
                .flatMap(WorkflowLintTest::list)) {
            committed.forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(9);
        for (Path file : files) {
            Result lint = exec(file.getParent(), 60, validator.toString(), file.toString());
            assertThat(lint.code())
                    .as("action-validator %s:%n%s", file, lint.output())
                    .isZero();
        }
    }

    /** The linter is not a no-op: a step with a key GitHub does not know fails it. */
    @Test
    void theLinterRejectsABrokenWorkflow() throws Exception {
        String broken = WorkflowGenerator.generate(ManifestLoader.load(REPO.resolve("config/env.manifest.json")))
                .get(WorkflowGenerator.REUSABLE_DEPLOY)
                .replace(
                        "        working-directory: backend\n",
                        "        working-directory: backend\n        timeout: 5\n");
        Path file = TARGET.resolve("workflow-lint/broken/reusable-deploy.yml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, broken);
        Result lint = exec(file.getParent(), 60, validator.toString(), file.toString());
        assertThat(lint.code()).isNotZero();
        assertThat(lint.output()).contains("timeout");
    }

    private static List<Path> write(Path dir, Map<String, String> generated) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        return files;
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir).filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Result(int code, String output) {}

    private static Result exec(Path dir, int timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile("golden-lint", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
