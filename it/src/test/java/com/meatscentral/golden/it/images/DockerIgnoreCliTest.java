package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.ImagesReport;
import com.meatscentral.golden.image.SourceRevision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .dockerignore table of the plugin's unit test (dockerignore-cases.tsv), checked against
 * the real Docker CLI: for every set of patterns, `DOCKER_BUILDKIT=0 docker build` and golden's
 * streamed context must put exactly the same files into the image, and those must be the
 * table's expectation.
 */
@Tag("testbed")
class DockerIgnoreCliTest {

    @TempDir
    Path work;

    @Test
    void theCliAndGoldenSendTheSameFilesAndTheTableIsRight() throws Exception {
        Path table = Path.of(
                System.getProperty("golden.repo.root"),
                "golden-maven-plugin/src/test/resources/com/meatscentral/golden/image/dockerignore-cases.tsv");
        Map<String, Map<String, Boolean>> groups = new LinkedHashMap<>();
        for (String line : Files.readAllLines(table)) {
            if (line.startsWith("# ") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t");
            groups.computeIfAbsent(c[0], k -> new LinkedHashMap<>()).put(c[1], Boolean.parseBoolean(c[2]));
        }
        assertThat(groups).hasSizeGreaterThan(20);
        String base = Engine.busyboxBase(work);
        DockerClient docker = DockerClients.connect(System.getenv());
        List<String> mismatches = new ArrayList<>();
        List<String> images = new ArrayList<>();
        try {
            int n = 0;
            for (var group : groups.entrySet()) {
                n++;
                Path ctx = Files.createDirectories(work.resolve("case" + n));
                Files.writeString(
                        ctx.resolve(".dockerignore"),
                        String.join("\n", Arrays.asList(group.getKey().split(" ; "))) + "\n");
                Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /c/\n");
                for (String path : group.getValue().keySet()) {
                    Path file = ctx.resolve(path);
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, path);
                }
                String cliTag = "golden-it/dockerignore-cli:case" + n;
                images.add(cliTag);
                Engine.dockerOk("build", "-q", "--build-arg", "BASE_IMAGE=" + base, "-t", cliTag, ctx.toString());
                Set<String> cli = files(cliTag);

                ImagesReport.Entry golden = new ImageBuilder(docker, Console.SILENT)
                        .buildAll(BuildRequest.of(
                                "dev",
                                List.of(new ImageSpec(
                                        "dockerignore-golden", ctx, null, null, Map.of("BASE_IMAGE", base))),
                                List.of("golden-it.local"),
                                SourceRevision.of("abcdef" + n + "0"),
                                b -> {}))
                        .get(0);
                images.addAll(golden.tags());
                Set<String> ours = files(golden.tags().get(0));

                if (!cli.equals(ours)) {
                    mismatches.add("[" + group.getKey() + "] cli " + cli + " golden " + ours);
                }
                for (var expected : group.getValue().entrySet()) {
                    boolean inImage = cli.contains(expected.getKey());
                    if (inImage == expected.getValue()) {
                        mismatches.add("[" + group.getKey() + "] " + expected.getKey() + ": table says excluded="
                                + expected.getValue() + " but docker build " + (inImage ? "copied" : "left out")
                                + " it");
                    }
                }
            }
        } finally {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(images);
            Engine.docker(Map.of(), rmi.toArray(String[]::new));
            DockerClients.closeQuietly(docker);
        }
        assertThat(mismatches).isEmpty();
    }

    /** Regular files under /c in the image, relative, without the Dockerfile and .dockerignore. */
    private static Set<String> files(String image) throws Exception {
        Set<String> files = new TreeSet<>();
        for (String line : Engine.dockerOk("run", "--rm", image, "find", "/c", "-type", "f")
                .split("\n")) {
            String f = line.strip();
            if (f.startsWith("/c/")) {
                files.add(f.substring(3));
            }
        }
        files.remove("Dockerfile");
        files.remove(".dockerignore");
        return files;
    }
}
