package com.meatscentral.golden.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.SourceRevision;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden:build's core (docker-java, streamed context) against {@code DOCKER_BUILDKIT=0 docker build}
 * of the same context on the same engine, cold (no cache) and warm, 3 runs each, medians
 * compared; then the heap of this JVM while it sends a 1 GB context. Run with it/bench/image-build.sh.
 * Ratios are printed last; the only assertion is on memory (a streamed 1 GB context must not
 * need anything near 1 GB of heap), never on time.
 */
@Tag("bench")
class ImageBuildBench {

    static final int RUNS = 3;

    @TempDir
    Path work;

    final List<String> report = new ArrayList<>();

    @Test
    void buildTimesAgainstTheDockerCliAndHeapWhileSendingOneGigabyte() throws Exception {
        String base = baseImage();
        Path ctx = Files.createDirectories(work.resolve("ctx"));
        Random random = new Random(42);
        byte[] chunk = new byte[100 * 1024];
        for (int i = 0; i < 400; i++) {
            random.nextBytes(chunk);
            Path f = ctx.resolve("pkg" + (i % 20) + "/module" + i + ".bin");
            Files.createDirectories(f.getParent());
            Files.write(f, chunk);
        }
        Files.writeString(ctx.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /app\nRUN find /app -type f | wc -l > /count\n");
        Files.writeString(ctx.resolve(".dockerignore"), "*.tmp\n");
        report.add("context: 400 files, 40 MB; engine " + cli("version", "-f", "{{.Server.Version}}").strip());

        DockerClient docker = DockerClients.connect(System.getenv());
        try {
            double[] goldenCold = new double[RUNS];
            double[] cliCold = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                goldenCold[i] = golden(docker, ctx, base, true);
                cliCold[i] = cliBuild(ctx, base, true);
            }
            golden(docker, ctx, base, false);
            cliBuild(ctx, base, false);
            double[] goldenWarm = new double[RUNS];
            double[] cliWarm = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                goldenWarm[i] = golden(docker, ctx, base, false);
                cliWarm[i] = cliBuild(ctx, base, false);
            }
            report.add("cold golden " + Arrays.toString(goldenCold) + " s, docker build " + Arrays.toString(cliCold) + " s");
            report.add("warm golden " + Arrays.toString(goldenWarm) + " s, docker build " + Arrays.toString(cliWarm) + " s");

            Path big = Files.createDirectories(work.resolve("big"));
            try (RandomAccessFile f = new RandomAccessFile(big.resolve("data.bin").toFile(), "rw")) {
                f.setLength(1L << 30); // sparse: 1 GB of zeros to read and send, no disk to fill
            }
            Files.writeString(big.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n");
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            double goldenBig;
            try {
                goldenBig = golden(docker, big, base, false, "bench-big");
            } finally {
                running.set(false);
                sampler.join();
            }
            double cliBig = cliBuild(big, base, false);
            long deltaMb = (peak.get() - before) >> 20;
            report.add("1 GB context: golden " + goldenBig + " s, docker build " + cliBig + " s; heap before "
                    + (before >> 20) + " MB, peak " + (peak.get() >> 20) + " MB, max " + (memory.getHeapMemoryUsage().getMax() >> 20) + " MB");

            report.add("build_ratio_cold=" + ratio(median(goldenCold), median(cliCold)));
            report.add("build_ratio_warm=" + ratio(median(goldenWarm), median(cliWarm)));
            report.add("context_1g_ratio=" + ratio(goldenBig, cliBig));
            report.add("context_1g_heap_peak_delta_mb=" + deltaMb);
            report.forEach(System.out::println);
            Files.writeString(Path.of(System.getProperty("golden.repo.root"), "it/target/bench-image-build.txt"),
                    String.join("\n", report) + "\n");
            assertThat(deltaMb).as("heap growth while sending a 1 GB context").isLessThan(256);
        } finally {
            cli("rmi", "-f", "bench.local/bench:dev-" + SHA, "bench.local/bench:dev-latest", "bench-cli:latest", "bench-cli:dev",
                    "bench.local/bench-big:dev-" + SHA, "bench.local/bench-big:dev-latest");
            DockerClients.closeQuietly(docker);
        }
    }

    static final String SHA = "be0c4000000000000000000000000000000000be";

    double golden(DockerClient docker, Path ctx, String base, boolean noCache) {
        return golden(docker, ctx, base, noCache, "bench");
    }

    double golden(DockerClient docker, Path ctx, String base, boolean noCache, String name) {
        long t = System.nanoTime();
        new ImageBuilder(docker, Console.SILENT).buildAll(new ImageBuilder.Request("dev",
                List.of(new ImageSpec(name, ctx, null, null, Map.of("BASE_IMAGE", base))), List.of("bench.local"),
                SourceRevision.of(SHA), "https://example.invalid/src", "1.0", Map.of(), noCache));
        return seconds(t);
    }

    /** The same build through the docker CLI, with the same tags and labels as golden sets. */
    double cliBuild(Path ctx, String base, boolean noCache) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "-q", "--build-arg", "BASE_IMAGE=" + base,
                "-t", "bench-cli:latest", "-t", "bench-cli:dev",
                "--label", "org.opencontainers.image.revision=" + SHA,
                "--label", "org.opencontainers.image.source=https://example.invalid/src",
                "--label", "org.opencontainers.image.created=" + Instant.now().toString().substring(0, 19) + "Z",
                "--label", "org.opencontainers.image.version=1.0"));
        if (noCache) {
            args.add("--no-cache");
        }
        args.add(ctx.toString());
        long t = System.nanoTime();
        cli(args.toArray(String[]::new));
        double s = seconds(t);
        cli("image", "inspect", "-f", "{{.Id}}", "bench-cli:latest"); // golden's time includes its inspect too
        return s;
    }

    static String baseImage() throws Exception {
        String base = "golden-test/busybox:static";
        if (run("image", "inspect", base).exit != 0) {
            Path dir = Files.createTempDirectory("busybox-base");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
            cli("build", "-q", "-t", base, dir.toString());
        }
        return base;
    }

    record Result(int exit, String out) { }

    static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    static String cli(String... args) throws Exception {
        Result r = run(args);
        if (r.exit != 0 && !"rmi".equals(args[0])) {
            throw new AssertionError("docker " + String.join(" ", args) + ": " + r.out);
        }
        return r.out;
    }

    static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    static String ratio(double golden, double cli) {
        return String.format(java.util.Locale.ROOT, "%.2f", golden / cli);
    }
}
