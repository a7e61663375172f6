package com.meatscentral.golden.it.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The docker CLI against the running engine: what a user would type to check golden's work. */
final class Engine {

    static final String BASE = "golden-test/busybox:static";

    private Engine() {}

    record Result(int exit, String output) {}

    static Result docker(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return dockerWithInput(env, null, args);
    }

    static Result dockerWithInput(Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    static String dockerOk(String... args) throws IOException, InterruptedException {
        Result r = docker(Map.of("DOCKER_BUILDKIT", "0"), args);
        assertThat(r.exit())
                .as("docker " + String.join(" ", args) + "\n" + r.output())
                .isZero();
        return r.output();
    }

    /**
     * A 2 MB base image made here (FROM scratch + the static busybox of Debian's busybox-static),
     * because no public registry is reachable. Tests pass it as build arg BASE_IMAGE.
     */
    static synchronized String busyboxBase(Path work) throws IOException, InterruptedException {
        if (docker(Map.of(), "image", "inspect", BASE).exit() == 0) {
            return BASE;
        }
        Path busybox = Path.of("/bin/busybox");
        assertThat(busybox)
                .as("busybox-static (installed by it/setup-machine.sh)")
                .exists();
        Path ctx = Files.createDirectories(work.resolve("busybox-base"));
        Files.copy(busybox, ctx.resolve("busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                """);
        dockerOk("build", "-q", "-t", BASE, ctx.toString());
        return BASE;
    }
}
