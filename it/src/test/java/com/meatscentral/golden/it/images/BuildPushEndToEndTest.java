package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn golden:build golden:push} as a user types it: a real Maven on a sample service
 * (a git checkout with backend/ and frontend/), the real engine, an authenticated registry.
 */
@Tag("testbed")
class BuildPushEndToEndTest {

    private static final Path ROOT =
            Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    static final String TOKEN = "dop_v1_e2e_" + Long.toHexString(System.nanoTime());

    @TempDir
    Path work;

    Path project;
    LocalRegistry registry;
    final List<String> cleanup = new ArrayList<>();

    record Run(int exit, String output) {}

    @BeforeEach
    void sampleService() throws Exception {
        registry = new LocalRegistry(work.resolve("registry"), TOKEN).start();
        String base = Engine.busyboxBase(work);
        project = Files.createDirectories(work.resolve("service"));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>projectmeats</artifactId>
                  <version>2.4.0</version>
                  <packaging>pom</packaging>
                  <scm><url>https://github.com/meatscentral/projectmeats</url></scm>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>com.meatscentral.golden</groupId>
                        <artifactId>golden-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <registries><registry>%s/meatscentral</registry></registries>
                          <registrySecrets><registrySecret>%s=DO_ACCESS_TOKEN</registrySecret></registrySecrets>
                          <images>
                            <image><name>backend</name><buildArgs><BASE_IMAGE>%s</BASE_IMAGE></buildArgs></image>
                            <image><name>frontend</name><dockerfile>docker/Dockerfile</dockerfile></image>
                          </images>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(
                        System.getProperty("golden.version"), registry.host(), registry.host(), base));
        Files.createDirectories(project.resolve("backend"));
        Files.writeString(
                project.resolve("backend/Dockerfile"),
                "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /app\nRUN echo built\n");
        Files.writeString(project.resolve("backend/manage.py"), "print('ok')\n");
        Files.createDirectories(project.resolve("frontend/docker"));
        Files.writeString(
                project.resolve("frontend/docker/Dockerfile"),
                "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY index.html /www/\n");
        Files.writeString(project.resolve("frontend/index.html"), "<h1>pm</h1>\n");
        Files.writeString(project.resolve(".gitignore"), "target/\n");
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "service");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (!cleanup.isEmpty()) {
                List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
                rmi.addAll(cleanup);
                Engine.docker(Map.of(), rmi.toArray(String[]::new));
            }
        } finally {
            registry.stop();
        }
    }

    String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", project.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.strip();
    }

    Run mvn(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-s",
                System.getProperty("golden.it.settings"),
                "-Dmaven.repo.local=" + System.getProperty("golden.it.localRepo")));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        List.of(
                        "GITHUB_TOKEN",
                        "GITHUB_ACTOR",
                        "GITHUB_SHA",
                        "GITHUB_REPOSITORY",
                        "GITHUB_ACTIONS",
                        "GITHUB_OUTPUT",
                        "GITHUB_STEP_SUMMARY",
                        "DO_ACCESS_TOKEN",
                        "MAVEN_ARGS",
                        "DOCKER_HOST")
                .forEach(env::remove);
        env.putAll(extraEnv);
        Process process = pb.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn did not finish");
        }
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    JsonNode imagesJson() throws IOException {
        return new ObjectMapper()
                .readTree(project.resolve("target/golden/images.json").toFile());
    }

    @Test
    void buildOneImageOfflineThenPushRefusesOfflineThenBuildAndPushBoth() throws Exception {
        String sha = git("rev-parse", "HEAD");
        String repo = registry.host() + "/meatscentral/";
        cleanup.addAll(List.of(
                repo + "backend:uat2-backend-" + sha,
                repo + "backend:uat2-backend-latest",
                repo + "frontend:uat2-backend-" + sha,
                repo + "frontend:uat2-backend-latest"));
        Path outputs = work.resolve("github_output");

        Run one = mvn(
                Map.of("GITHUB_ACTIONS", "true", "GITHUB_OUTPUT", outputs.toString()),
                "golden:build",
                "-Denv=uat2-backend",
                "-Dgolden.images=backend");
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).contains("Step 1/").contains("Built backend sha256:");
        JsonNode built = imagesJson().path("images");
        assertThat(built).hasSize(1);
        assertThat(built.get(0).path("tags").get(0).asText()).isEqualTo(repo + "backend:uat2-backend-" + sha);
        assertThat(built.get(0).path("id").asText()).startsWith("sha256:");
        assertThat(Files.readString(outputs))
                .contains("backend-tags<<")
                .contains(repo + "backend:uat2-backend-latest")
                .contains("backend-id=sha256:");

        // Offline after the first run has resolved the plugin into the isolated repository.
        // mvn -o: the build works (nothing to download), the push refuses.
        Run offline = mvn(
                Map.of("DO_ACCESS_TOKEN", TOKEN),
                "-o",
                "golden:build",
                "golden:push",
                "-Denv=uat2-backend",
                "-Dgolden.images=frontend",
                "-Dgolden.buildArg.BASE_IMAGE=" + Engine.BASE);
        assertThat(offline.exit()).isNotZero();
        assertThat(offline.output())
                .contains("Built frontend sha256:")
                .contains("golden:push cannot push in offline mode (mvn -o)")
                .doesNotContain("\tat com.meatscentral");

        Run both = mvn(
                Map.of("DO_ACCESS_TOKEN", TOKEN, "GITHUB_ACTIONS", "true", "GITHUB_OUTPUT", outputs.toString()),
                "golden:build",
                "golden:push",
                "-Denv=uat2-backend",
                "-Dgolden.buildArg.BASE_IMAGE=" + Engine.BASE);
        assertThat(both.exit()).as(both.output()).isZero();
        assertThat(both.output()).contains("Pushed " + repo + "frontend:uat2-backend-latest sha256:");
        // Under Actions the token appears only in the ::add-mask:: command, which comes before any use.
        assertThat(both.output().lines().filter(l -> l.contains(TOKEN))).containsExactly("::add-mask::" + TOKEN);
        JsonNode images = imagesJson().path("images");
        assertThat(images).hasSize(2);
        for (JsonNode image : images) {
            String digest = image.path("digests")
                    .path(repo + image.path("image").asText())
                    .asText();
            assertThat(digest).as(image.toString()).matches("sha256:[0-9a-f]{64}");
            assertThat(Files.readString(outputs)).contains(image.path("image").asText() + "-digest=" + digest);
        }
        String labels = Engine.dockerOk(
                "image", "inspect", "-f", "{{json .Config.Labels}}", repo + "frontend:uat2-backend-" + sha);
        assertThat(labels)
                .contains("\"org.opencontainers.image.version\":\"2.4.0\"")
                .contains("\"org.opencontainers.image.source\":\"https://github.com/meatscentral/projectmeats\"");
    }

    @Test
    void badInputIsOneClearMessageEach() throws Exception {
        Files.writeString(project.resolve("backend/new-file.py"), "uncommitted\n");
        Run prod = mvn(Map.of(), "golden:build", "-Denv=prod2-backend");
        assertThat(prod.exit()).isNotZero();
        assertThat(prod.output())
                .contains("Refusing to build images for production environment prod2-backend")
                .contains("fix: commit or stash")
                .doesNotContain("\tat com.meatscentral");

        Run noDaemon = mvn(
                Map.of("DOCKER_HOST", "unix://" + work.resolve("no-such.sock")), "golden:build", "-Denv=dev-backend");
        assertThat(noDaemon.output())
                .contains("Cannot reach the Docker engine at unix://" + work.resolve("no-such.sock"))
                .contains("DOCKER_HOST");
        assertThat(noDaemon.exit()).isNotZero();

        Run unknown = mvn(Map.of(), "golden:build", "-Denv=dev-backend", "-Dgolden.images=worker");
        assertThat(unknown.output())
                .contains("-Dgolden.images names 'worker', which is not a configured image")
                .contains("use one of backend, frontend");

        Files.delete(project.resolve("frontend/docker/Dockerfile"));
        Run noDockerfile = mvn(Map.of(), "golden:build", "-Denv=dev-backend", "-Dgolden.images=frontend");
        assertThat(noDockerfile.output())
                .contains("Dockerfile " + project.resolve("frontend/docker/Dockerfile")
                        + " of image frontend does not exist");

        Run skipped = mvn(Map.of(), "golden:build", "-Denv=dev-backend", "-Dgolden.build.skip=true");
        assertThat(skipped.exit()).isZero();
        assertThat(skipped.output()).contains("golden:build skipped (golden.build.skip=true)");
    }
}
