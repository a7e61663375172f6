package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImagePusher;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.RegistryCredentials;
import com.meatscentral.golden.image.SourceRevision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden's build and push core against the real Docker engine and a real authenticated
 * registry: two sample images from a local base, tags, OCI labels, the .dockerignore effect,
 * push, pull back by digest, a wrong password, a registry that is down.
 * Fails (never skips) when the engine or docker-registry is missing.
 */
@Tag("testbed")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesEngineTest {

    static final String SHA = "feedc0de" + Long.toHexString(System.nanoTime()) + "00000000000000000000";
    static final String TOKEN = "dop_v1_test_" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path work;

    DockerClient docker;
    LocalRegistry registry;
    List<ImagesReport.Entry> built;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Console console = (level, m) -> lines.add(level + " " + m);

    @BeforeAll
    void engineAndRegistryAndTwoImages() throws Exception {
        docker = DockerClients.connect(System.getenv());
        registry = new LocalRegistry(work.resolve("registry"), TOKEN).start();
        String base = Engine.busyboxBase(work);

        Path backend = Files.createDirectories(work.resolve("project/backend"));
        Files.writeString(backend.resolve("Dockerfile"), """
                ARG BASE_IMAGE=python:3.12-slim
                FROM ${BASE_IMAGE} AS build
                COPY . /src
                RUN echo compiled > /src/compiled.txt
                FROM ${BASE_IMAGE} AS runtime
                COPY --from=build /src /app
                CMD ["sh", "-c", "ls /app"]
                FROM runtime AS debug
                RUN touch /app/debug-stage-marker
                """);
        Files.writeString(
                backend.resolve(".dockerignore"),
                "# secrets never go into an image\nsecret.env\n**/*.pyc\n!keep.pyc\n");
        Files.writeString(backend.resolve("manage.py"), "print('ok')\n");
        Files.writeString(backend.resolve("secret.env"), "DB_PASSWORD=do-not-ship\n");
        Files.createDirectories(backend.resolve("apps/core"));
        Files.writeString(backend.resolve("apps/core/cache.pyc"), "x");
        Files.writeString(backend.resolve("keep.pyc"), "x");

        Path frontend = Files.createDirectories(work.resolve("project/frontend"));
        Files.writeString(frontend.resolve("Dockerfile.web"), """
                ARG BASE_IMAGE=nginx:1.27-alpine
                FROM ${BASE_IMAGE}
                ARG APP_VERSION
                COPY dist /usr/share/nginx/html
                RUN echo "$APP_VERSION" > /usr/share/nginx/html/version.txt
                """);
        Files.createDirectories(frontend.resolve("dist"));
        Files.writeString(frontend.resolve("dist/index.html"), "<h1>pm</h1>\n");

        BuildRequest request = BuildRequest.of(
                "uat2-backend",
                List.of(
                        new ImageSpec("golden-it/backend", backend, null, "runtime", Map.of("BASE_IMAGE", base)),
                        new ImageSpec(
                                "golden-it/frontend",
                                frontend,
                                Path.of("Dockerfile.web"),
                                null,
                                Map.of("BASE_IMAGE", "overridden"))),
                List.of(registry.host() + "/meatscentral", "ghcr.io/meatscentral"),
                SourceRevision.of(SHA),
                b -> {
                    b.sourceUrl = "https://github.com/meatscentral/projectmeats";
                    b.version = "1.2.3";
                    b.buildArgs = Map.of("BASE_IMAGE", base, "APP_VERSION", "v9");
                });
        built = new ImageBuilder(docker, console).buildAll(request);
    }

    @AfterAll
    void cleanUp() throws Exception {
        try {
            if (built != null) {
                for (ImagesReport.Entry e : built) {
                    List<String> args = new ArrayList<>(List.of("rmi", "-f"));
                    args.addAll(e.tags());
                    Engine.docker(Map.of(), args.toArray(String[]::new));
                }
            }
        } finally {
            if (registry != null) {
                registry.stop();
            }
            if (docker != null) {
                DockerClients.closeQuietly(docker);
            }
        }
    }

    RegistryCredentials credentials(String token) {
        return new RegistryCredentials(
                        Map.of("DO_ACCESS_TOKEN", token), Map.of(), work.resolve("no-docker-config"), v -> {})
                .withSecretMapping(registry.host() + "=DO_ACCESS_TOKEN");
    }

    List<ImagesReport.Entry> toLocalRegistryOnly() {
        return built.stream()
                .map(e -> new ImagesReport.Entry(
                        e.env(),
                        e.image(),
                        e.revision(),
                        e.tags().stream()
                                .filter(t -> t.startsWith(registry.host()))
                                .toList(),
                        e.id(),
                        Map.of()))
                .toList();
    }

    @Test
    @Order(1)
    void bothImagesCarryEveryTagTheOciLabelsAndTheInspectedId() throws Exception {
        assertThat(built).hasSize(2);
        ImagesReport.Entry backend = built.get(0);
        assertThat(backend.tags())
                .containsExactly(
                        registry.host() + "/meatscentral/golden-it/backend:uat2-backend-" + SHA,
                        "ghcr.io/meatscentral/golden-it/backend:uat2-backend-" + SHA,
                        registry.host() + "/meatscentral/golden-it/backend:uat2-backend-latest",
                        "ghcr.io/meatscentral/golden-it/backend:uat2-backend-latest");
        for (ImagesReport.Entry e : built) {
            for (String tag : e.tags()) {
                assertThat(Engine.dockerOk("image", "inspect", "-f", "{{.Id}}", tag)
                                .strip())
                        .isEqualTo(e.id());
            }
        }
        String labels = Engine.dockerOk(
                "image",
                "inspect",
                "-f",
                "{{json .Config.Labels}}",
                backend.tags().get(0));
        assertThat(labels)
                .contains("\"org.opencontainers.image.revision\":\"" + SHA + "\"")
                .contains("\"org.opencontainers.image.source\":\"https://github.com/meatscentral/projectmeats\"")
                .contains("\"org.opencontainers.image.version\":\"1.2.3\"")
                .containsPattern("\"org.opencontainers.image.created\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
        assertThat(lines).anyMatch(l -> l.startsWith("INFO   Step 1/"));
    }

    @Test
    @Order(2)
    void dockerignoreTargetStageAndBuildArgsShapeTheImages() throws Exception {
        String backendFiles = Engine.dockerOk("run", "--rm", built.get(0).tags().get(0), "find", "/app");
        assertThat(backendFiles)
                .contains("/app/manage.py", "/app/compiled.txt", "/app/keep.pyc")
                .doesNotContain("secret.env")
                .doesNotContain("cache.pyc")
                .doesNotContain("debug-stage-marker"); // target runtime: the debug stage is not built
        String version =
                Engine.dockerOk("run", "--rm", built.get(1).tags().get(0), "cat", "/usr/share/nginx/html/version.txt");
        assertThat(version.strip()).isEqualTo("v9"); // -Dgolden.buildArg.* overrides <buildArgs>
    }

    @Test
    @Order(3)
    void pushRecordsTheDigestAndTheImagePullsBackByIt() throws Exception {
        List<ImagesReport.Entry> pushed = new ImagePusher(docker, credentials(TOKEN), console, Duration.ofMillis(200))
                .pushAll(new ImagePusher.Request(toLocalRegistryOnly(), false));
        for (ImagesReport.Entry e : pushed) {
            String repo = e.tags().get(0).substring(0, e.tags().get(0).lastIndexOf(':'));
            String digest = e.digests().get(repo);
            assertThat(digest).matches("sha256:[0-9a-f]{64}");
            Engine.dockerOk("rmi", repo + "@" + digest); // drop the local digest reference, keep the tags
            // The CLI logs in with its own config dir: the shared ~/.docker/config.json is not touched.
            Map<String, String> cli = Map.of(
                    "DOCKER_CONFIG",
                    Files.createDirectories(work.resolve("cli-config")).toString());
            // user = password = token: written to a 0600 config.json, never put on a command line.
            Path config = work.resolve("cli-config/config.json");
            Files.writeString(
                    config,
                    "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                            + java.util.Base64.getEncoder().encodeToString((TOKEN + ":" + TOKEN).getBytes()) + "\"}}}");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Engine.Result pull = Engine.docker(cli, "pull", repo + "@" + digest);
            assertThat(pull.exit()).as(pull.output()).isZero();
            String pulled = pull.output();
            assertThat(pulled).contains(digest);
            assertThat(Engine.dockerOk("image", "inspect", "-f", "{{.Id}}", repo + "@" + digest)
                            .strip())
                    .isEqualTo(e.id());
        }
    }

    @Test
    @Order(4)
    void aWrongPasswordFailsAtOnceNamingTheCredentialSource() {
        lines.clear();
        assertThatThrownBy(
                        () -> new ImagePusher(docker, credentials("wrong-token-value"), console, Duration.ofMillis(200))
                                .pushAll(new ImagePusher.Request(toLocalRegistryOnly(), false)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("refused the push")
                .hasMessageContaining("credentials: CI secret DO_ACCESS_TOKEN")
                .hasMessageNotContaining("wrong-token-value");
        assertThat(lines).noneMatch(l -> l.contains("retry"));
    }

    @Test
    @Order(5)
    void aRegistryThatIsDownIsRetriedThenFailsClearly() throws Exception {
        registry.stop();
        lines.clear();
        try {
            assertThatThrownBy(() -> new ImagePusher(docker, credentials(TOKEN), console, Duration.ofMillis(100))
                            .pushAll(new ImagePusher.Request(
                                    toLocalRegistryOnly().subList(0, 1), false)))
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining("failed after 3 retries")
                    .hasMessageContaining(registry.host());
            assertThat(lines.stream().filter(l -> l.startsWith("WARN") && l.contains("retry")))
                    .hasSize(3);
        } finally {
            registry.start();
        }
    }

    @Test
    @Order(6)
    void aRegistryThatComesBackDuringTheBackoffGetsThePush() throws Exception {
        registry.stop();
        List<String> warnings = new ArrayList<>();
        Console restartOnFirstRetry = (level, m) -> {
            if (level == Console.Level.INFO) {
                lines.add("INFO " + m);
            } else if (level == Console.Level.WARN) {
                warnings.add(m);
                if (warnings.size() == 1) {
                    try {
                        registry.start(); // the registry is back before the retry
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        };
        List<ImagesReport.Entry> pushed = new ImagePusher(
                        docker, credentials(TOKEN), restartOnFirstRetry, Duration.ofMillis(100))
                .pushAll(new ImagePusher.Request(toLocalRegistryOnly().subList(1, 2), false));
        assertThat(warnings).hasSize(1).allMatch(w -> w.contains("retry 1/3"));
        assertThat(pushed.get(0).digests().values()).allMatch(d -> d.matches("sha256:[0-9a-f]{64}"));
    }

    @Test
    @Order(7)
    void aRegistryStoppedMidPushIsRetriedThenFailsClearly() throws Exception {
        // A 200 MB layer of random bytes, so the upload is still running when the registry goes.
        Path big = Files.createDirectories(work.resolve("big"));
        byte[] chunk = new byte[1 << 20];
        java.util.Random random = new java.util.Random(1);
        try (var out = Files.newOutputStream(big.resolve("blob.bin"))) {
            for (int i = 0; i < 200; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Files.writeString(big.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY blob.bin /blob.bin\n");
        ImagesReport.Entry bigImage = new ImageBuilder(docker, Console.SILENT)
                .buildAll(BuildRequest.of(
                        "dev-backend",
                        List.of(new ImageSpec("golden-it/big", big, null, null, Map.of("BASE_IMAGE", Engine.BASE))),
                        List.of(registry.host()),
                        SourceRevision.of(SHA),
                        b -> b.version = "1"))
                .get(0);
        lines.clear();
        Path uploads = work.resolve("registry/data/docker/registry/v2/repositories/golden-it/big/_uploads");
        java.util.concurrent.CompletableFuture<Throwable> push =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        new ImagePusher(docker, credentials(TOKEN), console, Duration.ofMillis(100))
                                .pushAll(new ImagePusher.Request(List.of(bigImage), false));
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
        try {
            // Poll until the registry has an upload of the big layer under way, then stop it.
            while (!push.isDone()
                    && !(Files.isDirectory(uploads)
                            && Files.list(uploads).findAny().isPresent())) {
                Thread.sleep(5);
            }
            registry.stop();
            Throwable failure = push.get(5, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(failure)
                    .isInstanceOf(GoldenException.class)
                    .hasMessageContaining(
                            "Push of " + bigImage.tags().get(0) + " to " + registry.host() + " failed after 3 retries");
            assertThat(lines.stream().filter(l -> l.startsWith("WARN") && l.contains("retry")))
                    .hasSize(3);
        } finally {
            registry.start();
            Engine.docker(
                    Map.of(),
                    "rmi",
                    "-f",
                    bigImage.tags().get(0),
                    bigImage.tags().get(1));
        }
    }

    @Test
    @Order(8)
    void aFailingStepFailsWithThatStepAndItsLastOutput() throws Exception {
        Path broken = Files.createDirectories(work.resolve("broken"));
        Files.writeString(broken.resolve("Dockerfile"), """
                ARG BASE_IMAGE
                FROM ${BASE_IMAGE}
                RUN echo preparing && echo 'pip: no matching distribution for djangoo' && exit 3
                RUN echo never
                """);
        BuildRequest request = BuildRequest.of(
                "dev-backend",
                List.of(new ImageSpec("golden-it/broken", broken, null, null, Map.of("BASE_IMAGE", Engine.BASE))),
                List.of(registry.host()),
                SourceRevision.of(SHA),
                b -> b.version = "1");
        assertThatThrownBy(() -> new ImageBuilder(docker, console).buildAll(request))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("Build of image golden-it/broken failed at Step 3/")
                .hasMessageContaining(": RUN echo preparing")
                .hasMessageContaining("returned a non-zero code: 3")
                .hasMessageNotContaining("never")
                .hasMessageContaining("pip: no matching distribution for djangoo");
    }
}
