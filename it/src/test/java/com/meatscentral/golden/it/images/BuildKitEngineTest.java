package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.BuildSecrets;
import com.meatscentral.golden.image.BuilderChoice;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.SourceRevision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden's BuildKit path against the real engine (dockerd 20.10's built-in BuildKit), chosen
 * automatically from the Dockerfile, with the docker client found by version on this PATH (the
 * machine's first `docker` is a client 23+ without buildx, which refuses BuildKit):
 * a cache mount that a rebuild after a source change reuses, and a secret mount that leaves
 * the secret in no layer, no history line, no label and no output line.
 */
@Tag("testbed")
class BuildKitEngineTest {

    static final String SHA = "b0c4e11" + Long.toHexString(System.nanoTime()) + "000000000000000000";
    static final Instant COMMITTED = Instant.parse("2026-11-28T10:15:30Z");

    @TempDir
    Path work;

    DockerClient docker;
    final List<String> images = new ArrayList<>();
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Console console = (level, m) -> lines.add(level + " " + m);

    @BeforeEach
    void engine() {
        docker = DockerClients.connect(System.getenv());
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (!images.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rmi", "-f"));
                args.addAll(images);
                Engine.docker(Map.of(), args.toArray(String[]::new));
            }
        } finally {
            DockerClients.closeQuietly(docker);
        }
    }

    ImagesReport.Entry build(Path context, String name, BuildSecrets secrets) {
        ImagesReport.Entry entry = new ImageBuilder(docker, console, System.getenv())
                .buildAll(BuildRequest.of(
                        "dev-backend",
                        List.of(new ImageSpec(name, context, null, null, Map.of("BASE_IMAGE", Engine.BASE))),
                        List.of("golden-it.local"),
                        SourceRevision.of(SHA),
                        b -> {
                            b.sourceUrl = "https://github.com/meatscentral/projectmeats";
                            b.version = "3.1.0";
                            b.builder = BuilderChoice.AUTO;
                            b.secrets = secrets;
                            b.created = COMMITTED;
                        }))
                .get(0);
        images.addAll(entry.tags());
        return entry;
    }

    @Test
    void aCacheMountIsChosenAutomaticallyAndItsRebuildAfterASourceChangeReusesTheCache() throws Exception {
        Engine.busyboxBase(work);
        Path ctx = Files.createDirectories(work.resolve("cache-ctx"));
        String cacheId = "golden-it-" + Long.toHexString(System.nanoTime()); // no other test's cache
        // The step stands for `pip install` behind a cache of downloads: 3 s when the cache is empty.
        Files.writeString(ctx.resolve("Dockerfile"), """
                ARG BASE_IMAGE
                FROM ${BASE_IMAGE}
                COPY src /app
                RUN --mount=type=cache,id=%s,target=/cache \\
                    if [ -f /cache/wheel ]; then echo CACHE-HIT; else echo CACHE-MISS; sleep 3; echo wheel > /cache/wheel; fi; \\
                    cp /cache/wheel /app/wheel
                """.formatted(cacheId));
        Files.createDirectories(ctx.resolve("src"));
        Files.writeString(ctx.resolve("src/app.py"), "print('v1')\n");

        long t0 = System.nanoTime();
        ImagesReport.Entry cold = build(ctx, "golden-it/bk-cache", BuildSecrets.NONE);
        double coldSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(lines)
                .anyMatch(l -> l.startsWith("INFO Building golden-it/bk-cache") && l.contains("with BuildKit"));
        assertThat(lines)
                .anyMatch(l ->
                        l.startsWith("INFO   [") && l.contains("3/3] RUN --mount=type=cache")); // one line per step
        assertThat(lines).anyMatch(l -> output(l, "CACHE-MISS"));

        lines.clear();
        Files.writeString(ctx.resolve("src/app.py"), "print('v2')\n");
        long t1 = System.nanoTime();
        ImagesReport.Entry warm = build(ctx, "golden-it/bk-cache", BuildSecrets.NONE);
        double warmSeconds = (System.nanoTime() - t1) / 1e9;
        // The step ran again (its input changed) and found the cache the first build filled.
        assertThat(lines).anyMatch(l -> output(l, "CACHE-HIT")).noneMatch(l -> output(l, "CACHE-MISS"));
        assertThat(warm.id()).isNotEqualTo(cold.id());
        assertThat(Engine.dockerOk("run", "--rm", warm.tags().get(0), "cat", "/app/app.py", "/app/wheel"))
                .contains("print('v2')")
                .contains("wheel");
        System.out.printf(
                "cache mount: cold build %.2f s, warm rebuild after a source change %.2f s%n",
                coldSeconds, warmSeconds);

        // Same outputs as the legacy path: every tag, the OCI labels, created = the commit's time.
        assertThat(warm.tags())
                .containsExactly(
                        "golden-it.local/golden-it/bk-cache:dev-backend-" + SHA,
                        "golden-it.local/golden-it/bk-cache:dev-backend-latest");
        for (String tag : warm.tags()) {
            assertThat(Engine.dockerOk("image", "inspect", "-f", "{{.Id}}", tag).strip())
                    .isEqualTo(warm.id());
        }
        assertThat(Engine.dockerOk(
                        "image",
                        "inspect",
                        "-f",
                        "{{json .Config.Labels}}",
                        warm.tags().get(0)))
                .contains("\"org.opencontainers.image.created\":\"2026-11-28T10:15:30Z\"")
                .contains("\"org.opencontainers.image.revision\":\"" + SHA + "\"")
                .contains("\"org.opencontainers.image.source\":\"https://github.com/meatscentral/projectmeats\"")
                .contains("\"org.opencontainers.image.version\":\"3.1.0\"");
    }

    @Test
    void aSecretMountLeavesTheSecretInNoLayerNoHistoryLineAndNoOutput() throws Exception {
        Engine.busyboxBase(work);
        String secret = "s3cr3t-" + Long.toHexString(System.nanoTime()) + "-token";
        Path ctx = Files.createDirectories(work.resolve("secret-ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                ARG BASE_IMAGE
                FROM ${BASE_IMAGE}
                COPY visible.txt /visible.txt
                RUN --mount=type=secret,id=api_token,required=true sha256sum /run/secrets/api_token | cut -c1-64 > /token.sha256
                RUN --mount=type=secret,id=api_token cat /run/secrets/api_token > /dev/null && echo used the token
                """);
        String visible = "visible-marker-" + Long.toHexString(System.nanoTime());
        Files.writeString(ctx.resolve("visible.txt"), visible + "\n");
        List<String> registered = new ArrayList<>();
        BuildSecrets secrets = BuildSecrets.resolve(
                List.of("api_token=GOLDEN_IT_API_TOKEN"), Map.of("GOLDEN_IT_API_TOKEN", secret), registered::add);
        assertThat(registered).containsExactly(secret); // the redactor hears of it before the build

        ImagesReport.Entry built = build(ctx, "golden-it/bk-secret", secrets);
        String tag = built.tags().get(0);
        // The step saw the secret: its hash is in the image, the secret is not.
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(Engine.dockerOk("run", "--rm", tag, "cat", "/token.sha256").strip())
                .isEqualTo(hash);

        // Every layer and the image config (history, labels, env) as `docker save` writes them: uncompressed tars.
        Path saved = work.resolve("saved.tar");
        Engine.dockerOk("save", "-o", saved.toString(), tag);
        byte[] all = Files.readAllBytes(saved);
        assertThat(indexOf(all, visible.getBytes(StandardCharsets.UTF_8)))
                .as("the search sees layer contents")
                .isNotNegative();
        assertThat(indexOf(all, secret.getBytes(StandardCharsets.UTF_8)))
                .as("secret in the saved image")
                .isNegative();
        String history = Engine.dockerOk("history", "--no-trunc", "--format", "{{.CreatedBy}}", tag);
        assertThat(history).contains("cat /run/secrets/api_token").doesNotContain(secret);
        assertThat(Engine.dockerOk("image", "inspect", tag)).doesNotContain(secret);
        assertThat(lines).anyMatch(l -> output(l, "used the token")).noneMatch(l -> l.contains(secret));
    }

    /** A line the step printed ({@code #7 0.512 TEXT}), not the step's own command text. */
    static boolean output(String line, String text) {
        return line.matches("DEBUG +#\\d+ \\d+\\.\\d+ " + java.util.regex.Pattern.quote(text));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
