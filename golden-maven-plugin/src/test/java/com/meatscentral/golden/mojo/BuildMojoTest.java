package com.meatscentral.golden.mojo;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.image.FakeBuildKitClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden:build of images that all need BuildKit runs the docker client only: it does not connect
 * docker-java to the engine (about a second in a fresh JVM, for nothing), so it works where the
 * engine is only reachable by the client. The client is {@link FakeBuildKitClient}; DOCKER_HOST
 * names a socket that does not exist, which docker-java's ping would fail on.
 */
class BuildMojoTest {

    @TempDir
    Path dir;

    @Test
    void imagesThatAllNeedBuildKitAreBuiltWithoutConnectingDockerJavaToTheEngine() throws Exception {
        Path bin = FakeBuildKitClient.install(dir.resolve("bin"), dir.resolve("iidfile-path"));
        Path backend = FakeBuildKitClient.contextNeedingBuildKit(dir.resolve("backend"));
        Map<String, String> environment =
                Map.of("PATH", bin.toString(), "DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));
        BuildMojo goal = new BuildMojo() {
            @Override
            protected Map<String, String> environment() {
                return environment;
            }
        };
        goal.setLog(new SystemStreamLog());
        Fields.set(goal, "env", "dev");
        Fields.set(goal, "images", List.of(new Image("backend", backend.toFile())));
        Fields.set(goal, "registries", List.of("r.local"));
        Fields.set(goal, "sha", "abcdef1");
        Fields.set(goal, "builder", "auto");
        Fields.set(goal, "buildTimeout", "PT1M");
        Fields.set(goal, "tagTemplate", "{env}-{sha}");
        Fields.set(goal, "basedir", dir.toFile());
        Fields.set(goal, "buildDirectory", new File(dir.toFile(), "target"));
        Fields.set(goal, "version", "1.0");

        goal.execute();

        String report = Files.readString(dir.resolve("target/golden/images.json"));
        assertThat(report).contains(FakeBuildKitClient.ID).contains("r.local/backend:dev-abcdef1");
    }
}
