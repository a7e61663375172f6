package com.meatscentral.golden.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.Console;
import com.meatscentral.golden.image.BuildContext;
import com.meatscentral.golden.image.BuildRequest;
import com.meatscentral.golden.image.BuilderChoice;
import com.meatscentral.golden.image.DockerCli;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.image.ImageBuilder;
import com.meatscentral.golden.image.ImageSpec;
import com.meatscentral.golden.image.SourceRevision;
import com.meatscentral.golden.it.testbed.Run;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * golden:build's core against the docker CLI doing the same kind of build of the same context on
 * the same engine: the legacy builder (docker-java, streamed context) against
 * {@code DOCKER_BUILDKIT=0 docker build}, BuildKit (golden through the client found by version)
 * against {@code DOCKER_BUILDKIT=1 docker build}; cold (no cache) and warm, 7 and 21 runs each
 * ({@code -Dgolden.bench.coldRuns}, {@code -Dgolden.bench.warmRuns}), interleaved, after one
 * untimed cold build each (reported: golden's is its first in this JVM), medians compared, with
 * the pairs' spread ({@link #paired}); warm BuildKit also against the CLI run with golden's own
 * arguments (reported, not in the ratio); the same labels on both sides (created = the commit's time), and progress
 * output on both sides (golden's step lines, the CLI's as a CI job prints them); the load average
 * is printed at the start and the end.
 * Then a 1 GB context: the tar stream alone, both builders (legacy: 3 runs interleaved, with the
 * engine's CPU time per upload), and the heap of this JVM meanwhile. Run with it/bench/image-build.sh.
 * golden's side is the core in this JVM, as the goal runs it: Maven's own start (about 1.4 s, the
 * audit benchmark's no-op run) is not part of it, the docker CLI's process start is.
 * Ratios are printed last; the only assertion is on memory (a streamed 1 GB context must not
 * need anything near 1 GB of heap), never on time.
 */
@Tag("bench")
class ImageBuildBench {

    /** Runs per side of each cold build ratio (interleaved, the order alternating); the 1 GB case runs 3. */
    static final int RUNS = Integer.getInteger("golden.bench.coldRuns", 7);

    /**
     * Runs per side of each warm build ratio: a warm build takes a quarter to half a second, so 21 are
     * cheap, and the run-to-run spread of one side (30-50 ms) needs that many for a gap of 10 ms.
     */
    static final int WARM_RUNS = Integer.getInteger("golden.bench.warmRuns", 21);

    /**
     * {@code -Dgolden.bench.only=buildkit} (or {@code legacy}): that builder's ratios only, no 1 GB
     * context; for iterating on one builder. The figure of record is the whole run.
     */
    static final String ONLY = System.getProperty("golden.bench.only", "");

    static final int BIG_RUNS = 3;

    /** Longest one docker client run may take before the bench kills it and fails. */
    static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(5);

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
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY . /app\nRUN find /app -type f | wc -l > /count\n");
        Files.writeString(ctx.resolve(".dockerignore"), "*.tmp\n");
        cliExe = DockerCli.find(System.getenv())
                .cli()
                .orElseThrow(() -> new AssertionError("no docker client that drives BuildKit"))
                .executable()
                .toString();
        report.add("load average at the start: " + loadAverage());
        report.add("context: 400 files, 40 MB; engine "
                + cli(false, "version", "-f", "{{.Server.Version}}").strip() + "; client " + cliExe);

        DockerClient docker = DockerClients.connect(System.getenv());
        try {
            // Phases golden has and the CLI has not, measured alone on the 40 MB context.
            double[] tarRuns = new double[BIG_RUNS];
            for (int i = 0; i < BIG_RUNS; i++) {
                long t0 = System.nanoTime();
                try (BuildContext stream = BuildContext.open(new ImageSpec("bench", ctx, null, null, Map.of()))) {
                    stream.stream().transferTo(java.io.OutputStream.nullOutputStream());
                }
                tarRuns[i] = seconds(t0);
            }
            report.add("phase: 40 MB context tar stream alone (legacy; runs beside the upload) median "
                    + median(tarRuns) + " s " + Arrays.toString(tarRuns));
            for (BuilderChoice kind : List.of(BuilderChoice.LEGACY, BuilderChoice.BUILDKIT)) {
                boolean bk = kind == BuilderChoice.BUILDKIT;
                String name = bk ? "buildkit" : "legacy";
                if (!ONLY.isEmpty() && !ONLY.equals(name)) {
                    continue;
                }
                // One untimed cold build each first, the same for both sides: the engine's first build
                // after the clean-up (base image and layers back in the page cache) falls on neither.
                // golden's is its first build of this kind in this JVM: reported, not in the ratio.
                double goldenFirst = golden(docker, ctx, base, true, "bench", kind);
                double cliFirst = cliBuild(ctx, base, true, bk);
                report.add(name + " first cold build (untimed warm-up, not in the ratio): golden " + goldenFirst
                        + " s (its first " + name + " build in this JVM), docker build " + cliFirst + " s");
                double[][] cold = interleaved( // each against the same kind of build
                        RUNS, i -> golden(docker, ctx, base, true, "bench", kind), i -> cliBuild(ctx, base, true, bk));
                double[] goldenCold = cold[0];
                double[] cliCold = cold[1];
                golden(docker, ctx, base, false, "bench", kind);
                cliBuild(ctx, base, false, bk);
                if (bk) {
                    cliBuildWithGoldensArguments(ctx, base);
                }
                Round goldenWarmRound = i -> golden(docker, ctx, base, false, "bench", kind);
                Round cliWarmRound = i -> cliBuild(ctx, base, false, bk);
                // BuildKit: a third side, the CLI with golden's own arguments started and read as the CLI side
                // is; golden minus it is golden's own work around the client process (not in the ratio).
                double[][] warm = bk
                        ? interleaved(
                                WARM_RUNS, goldenWarmRound, cliWarmRound, i -> cliBuildWithGoldensArguments(ctx, base))
                        : interleaved(WARM_RUNS, goldenWarmRound, cliWarmRound);
                double[] goldenWarm = warm[0];
                double[] cliWarm = warm[1];
                double[] cliGoldenArgsWarm = bk ? warm[2] : new double[0];
                report.add(name + " cold golden " + Arrays.toString(goldenCold) + " s, docker build "
                        + Arrays.toString(cliCold) + " s");
                report.add(name + " warm golden " + Arrays.toString(goldenWarm) + " s, docker build "
                        + Arrays.toString(cliWarm) + " s");
                report.add(name + " cold " + paired(goldenCold, cliCold));
                report.add(name + " warm " + paired(goldenWarm, cliWarm));
                if (bk) {
                    report.add(name + " warm, the CLI with golden's arguments (--progress=plain --iidfile -f first) "
                            + Arrays.toString(cliGoldenArgsWarm) + " s; golden against it: "
                            + paired(goldenWarm, cliGoldenArgsWarm));
                    // What the steady state leaves out: a goal run is a fresh JVM that builds each image once.
                    double[][] fresh =
                            interleaved(FRESH_RUNS, i -> freshGoal(ctx, base), i -> cliBuild(ctx, base, false, true));
                    double[] goalRuns = fresh[0];
                    double[] cliOnce = fresh[1];
                    report.add("buildkit warm, golden's core in a fresh JVM (as a goal run: client search, the"
                            + " engine connected only if needed, one build; without the JVM's and Maven's start) "
                            + Arrays.toString(goalRuns) + " s, docker build " + Arrays.toString(cliOnce)
                            + " s; medians " + median(goalRuns) + " vs " + median(cliOnce) + " s (not in the ratio)");
                }
                ratios.add("build_ratio_cold_" + name + "=" + ratio(median(goldenCold), median(cliCold)));
                ratios.add("build_ratio_warm_" + name + "=" + ratio(median(goldenWarm), median(cliWarm)));
            }

            if (!ONLY.isEmpty()) {
                finish(List.of());
                return;
            }
            double[] inspectRuns = new double[5];
            for (int i = 0; i < inspectRuns.length; i++) {
                long t0 = System.nanoTime();
                docker.inspectImageCmd("bench.local/bench:dev-" + SHA).exec();
                inspectRuns[i] = seconds(t0);
            }
            report.add("phase: image inspect after a legacy build (BuildKit reads --iidfile instead) median "
                    + median(inspectRuns) + " s");

            Path big = Files.createDirectories(work.resolve("big"));
            try (RandomAccessFile f =
                    new RandomAccessFile(big.resolve("data.bin").toFile(), "rw")) {
                f.setLength(1L << 30); // sparse: 1 GB of zeros to read and send, no disk to fill
            }
            Files.writeString(big.resolve("Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n");
            // Where the time of a big legacy upload goes: the tar stream alone, read as fast as it comes.
            long t = System.nanoTime();
            long bytes;
            try (BuildContext stream = BuildContext.open(new ImageSpec("bench-big", big, null, null, Map.of()))) {
                bytes = stream.stream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            report.add("1 GB context: tar stream alone " + (bytes >> 20) + " MB in " + seconds(t) + " s");
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
            // Legacy, interleaved, the order alternating; the engine's CPU for each upload beside the wall time.
            double[] goldenBigEngineCpu = new double[BIG_RUNS];
            double[] cliBigEngineCpu = new double[BIG_RUNS];
            double[][] bigRuns;
            try {
                bigRuns = interleaved(
                        BIG_RUNS,
                        i -> {
                            long c = engineCpuTicks();
                            double s = golden(docker, big, base, false, "bench-big", BuilderChoice.LEGACY);
                            goldenBigEngineCpu[i] = (engineCpuTicks() - c) / 100.0;
                            return s;
                        },
                        i -> {
                            long c = engineCpuTicks();
                            double s = cliBuild(big, base, false, false);
                            cliBigEngineCpu[i] = (engineCpuTicks() - c) / 100.0;
                            return s;
                        });
            } finally {
                running.set(false);
                sampler.join();
            }
            double[] goldenBigRuns = bigRuns[0];
            double[] cliBigRuns = bigRuns[1];
            double goldenBig = median(goldenBigRuns);
            double cliBig = median(cliBigRuns);
            // BuildKit syncs a context incrementally: after one transfer each, both send what changed (nothing).
            golden(docker, big, base, false, "bench-big", BuilderChoice.BUILDKIT);
            cliBuild(big, base, false, true);
            double[] goldenBigBkRuns = new double[BIG_RUNS];
            double[] cliBigBkRuns = new double[BIG_RUNS];
            for (int i = 0; i < BIG_RUNS; i++) {
                goldenBigBkRuns[i] = golden(docker, big, base, false, "bench-big", BuilderChoice.BUILDKIT);
                cliBigBkRuns[i] = cliBuild(big, base, false, true);
            }
            double goldenBigBk = median(goldenBigBkRuns);
            double cliBigBk = median(cliBigBkRuns);
            long deltaMb = (peak.get() - before) >> 20;
            report.add("1 GB context, legacy: golden " + Arrays.toString(goldenBigRuns) + " s, docker build "
                    + Arrays.toString(cliBigRuns) + " s; engine CPU golden " + Arrays.toString(goldenBigEngineCpu)
                    + " s, docker build " + Arrays.toString(cliBigEngineCpu) + " s (0 when the engine's pid is unknown)"
                    + "; heap before "
                    + (before >> 20) + " MB, peak " + (peak.get() >> 20) + " MB, max "
                    + (memory.getHeapMemoryUsage().getMax() >> 20) + " MB");
            report.add("1 GB context, BuildKit (after one transfer each): golden " + Arrays.toString(goldenBigBkRuns)
                    + " s, docker build " + Arrays.toString(cliBigBkRuns) + " s");

            finish(List.of(
                    "context_1g_ratio_buildkit=" + ratio(goldenBigBk, cliBigBk),
                    "context_1g_heap_peak_delta_mb=" + deltaMb,
                    "context_1g_ratio=" + ratio(goldenBig, cliBig)));
            assertThat(deltaMb).as("heap growth while sending a 1 GB context").isLessThan(256);
        } finally {
            try {
                cli(
                        false,
                        "rmi",
                        "-f",
                        "bench.local/bench:dev-" + SHA,
                        "bench.local/bench:dev-latest",
                        "bench-cli:latest",
                        "bench-cli:dev",
                        "bench-cli-args:latest",
                        "bench-cli-args:dev",
                        "bench.local/bench-big:dev-" + SHA,
                        "bench.local/bench-big:dev-latest");
            } catch (AssertionError e) { // a hung rmi must not hide what the bench found, nor leak the client
                System.err.println("clean-up of the bench images failed: " + e.getMessage());
            } finally {
                DockerClients.closeQuietly(docker);
            }
        }
    }

    static final String SHA = "be0c4000000000000000000000000000000000be";
    /** The commit's time: golden's created label, and the CLI's, so both rebuild to the same image. */
    static final Instant COMMITTED = Instant.parse("2026-11-29T12:00:00Z");

    final List<String> ratios = new ArrayList<>();
    String cliExe = "docker";

    static final int FRESH_RUNS = 5;

    /**
     * {@link FreshGoal} in a new JVM: its own time, from its main's start to the end of the build
     * (the JVM's start is not in it, as Maven's is not in a goal's).
     */
    double freshGoal(Path ctx, String base) {
        String out = Run.succeed(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FreshGoal.class.getName(),
                        ctx.toString(),
                        base),
                Map.of(),
                null,
                CLIENT_TIMEOUT);
        return Double.parseDouble(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /** golden:build's core as BuildMojo runs it, in a JVM of its own: prints its seconds last. */
    public static final class FreshGoal {
        public static void main(String[] args) {
            long t = System.nanoTime();
            Map<String, String> env = System.getenv();
            try (ImageBuilder builder = ImageBuilder.connectingWhenNeeded(Console.SILENT, env)) {
                builder.buildAll(request("bench", Path.of(args[0]), args[1], false, BuilderChoice.BUILDKIT));
            }
            System.out.println(seconds(t));
        }
    }

    double golden(DockerClient docker, Path ctx, String base, boolean noCache, String name, BuilderChoice kind) {
        long t = System.nanoTime();
        new ImageBuilder(docker, Console.SILENT).buildAll(request(name, ctx, base, noCache, kind));
        return seconds(t);
    }

    /** golden:build of one image {@code name} from {@code ctx} on {@code base}, as both golden sides run it. */
    static BuildRequest request(String name, Path ctx, String base, boolean noCache, BuilderChoice kind) {
        return BuildRequest.of(
                "dev",
                List.of(new ImageSpec(name, ctx, null, null, Map.of("BASE_IMAGE", base))),
                List.of("bench.local"),
                SourceRevision.of(SHA),
                b -> {
                    b.sourceUrl = "https://example.invalid/src";
                    b.version = "1.0";
                    b.noCache = noCache;
                    b.builder = kind;
                    b.created = COMMITTED;
                });
    }

    /** One timed run of one side in round {@code i}, in seconds. */
    interface Round {
        double run(int i) throws Exception;
    }

    /**
     * {@code n} rounds of golden's side and the others, the order alternating so that neither side
     * always runs right after the other: an odd round runs the others (in order) then golden, an
     * even one golden then the others in reverse. Returns golden's times, then each other side's.
     */
    static double[][] interleaved(int n, Round golden, Round... others) throws Exception {
        double[][] times = new double[1 + others.length][n];
        for (int i = 0; i < n; i++) {
            if (i % 2 == 1) {
                for (int o = 0; o < others.length; o++) {
                    times[1 + o][i] = others[o].run(i);
                }
            }
            times[0][i] = golden.run(i);
            if (i % 2 == 0) {
                for (int o = others.length - 1; o >= 0; o--) {
                    times[1 + o][i] = others[o].run(i);
                }
            }
        }
        return times;
    }

    /** The last lines (the load, the ratios, then {@code more}), printed and written where the wrapper reads them. */
    void finish(List<String> more) throws java.io.IOException {
        report.add("load average at the end: " + loadAverage());
        report.addAll(ratios);
        report.addAll(more);
        report.forEach(System.out::println);
        Files.writeString(
                Path.of(System.getProperty("golden.repo.root"), "it/target/bench-image-build.txt"),
                String.join("\n", report) + "\n");
    }

    /**
     * The same build through the docker CLI, with the same tags and labels as golden sets, the id
     * from --iidfile, and the progress a CI job's {@code docker build} prints (no TTY: BuildKit's
     * plain progress, the legacy builder's step output), as golden prints its step lines; read to
     * the end by this JVM, as golden reads its client's output. Not {@code -q}: that asks the engine
     * for no step output (legacy {@code q=1}) and the client for no progress, less than either does.
     */
    double cliBuild(Path ctx, String base, boolean noCache, boolean buildKit) throws Exception {
        Path iid = work.resolve("iid");
        List<String> args = new ArrayList<>(List.of(
                "build",
                "--build-arg",
                "BASE_IMAGE=" + base,
                "-t",
                "bench-cli:latest",
                "-t",
                "bench-cli:dev",
                "--iidfile",
                iid.toString()));
        args.addAll(labelArguments());
        if (noCache) {
            args.add("--no-cache");
        }
        if (buildKit) {
            args.add("--progress=plain"); // what the client picks without a TTY anyway
        }
        args.add(ctx.toString());
        long t = System.nanoTime();
        cli(buildKit, args.toArray(String[]::new));
        double s = seconds(t);
        assertThat(Files.readString(iid)).startsWith("sha256:");
        return s;
    }

    /** The labels golden sets (created = the commit's time), as the CLI sides pass them. */
    static List<String> labelArguments() {
        return List.of(
                "--label",
                "org.opencontainers.image.revision=" + SHA,
                "--label",
                "org.opencontainers.image.source=https://example.invalid/src",
                "--label",
                "org.opencontainers.image.created=" + COMMITTED,
                "--label",
                "org.opencontainers.image.version=1.0");
    }

    /**
     * The BuildKit build as golden's client runs it ({@code BuildKitBuild.arguments}: progress, id file
     * and an absolute {@code -f} first, then build args, labels and tags), started and read as
     * {@link #cliBuild} is; its own tags.
     */
    double cliBuildWithGoldensArguments(Path ctx, String base) throws Exception {
        Path iid = work.resolve("iid-golden-args");
        List<String> args = new ArrayList<>(List.of(
                "build",
                "--progress=plain",
                "--iidfile",
                iid.toString(),
                "-f",
                ctx.resolve("Dockerfile").toAbsolutePath().toString(),
                "--build-arg",
                "BASE_IMAGE=" + base));
        args.addAll(labelArguments());
        args.addAll(List.of(
                "-t",
                "bench-cli-args:latest",
                "-t",
                "bench-cli-args:dev",
                ctx.toAbsolutePath().toString()));
        long t = System.nanoTime();
        cli(true, args.toArray(String[]::new));
        double s = seconds(t);
        assertThat(Files.readString(iid)).startsWith("sha256:");
        return s;
    }

    /**
     * The spread of paired runs (run i of each side ran next to each other): each side's quartiles,
     * the median of the per-pair ratios golden/other with its 95% confidence interval (sign test:
     * distribution-free, from the order statistics), and in how many pairs golden was faster. An
     * interval that holds 1.0 means this many runs cannot tell the two sides apart.
     */
    static String paired(double[] golden, double[] other) {
        int n = golden.length;
        double[] ratios = new double[n];
        int faster = 0;
        for (int i = 0; i < n; i++) {
            ratios[i] = golden[i] / other[i];
            if (golden[i] < other[i]) {
                faster++;
            }
        }
        Arrays.sort(ratios);
        int k = signTestRank(n);
        return String.format(
                java.util.Locale.ROOT,
                "paired (%d pairs): golden p25/p50/p75 %s s, other %s s; per-pair ratio median %.3f, 95%% CI [%.3f, %.3f];"
                        + " golden faster in %d of %d",
                n,
                quartiles(golden),
                quartiles(other),
                ratios[n / 2],
                ratios[k - 1],
                ratios[n - k],
                faster,
                n);
    }

    /** The largest k with P(Bin(n, 1/2) <= k - 1) <= 0.025 (at least 1): the sorted sample's k-th and (n-k+1)-th bound the median. */
    static int signTestRank(int n) {
        double cumulative = 0;
        double p = Math.pow(0.5, n);
        int k = 1;
        for (int j = 0; j < n; j++) {
            cumulative += p; // P(X <= j)
            if (cumulative > 0.025) {
                break;
            }
            k = j + 1;
            p = p * (n - j) / (j + 1); // P(X = j + 1)
        }
        return Math.min(k, (n + 1) / 2);
    }

    static String quartiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return String.format(java.util.Locale.ROOT, "%.3f/%.3f/%.3f", v[n / 4], v[n / 2], v[(3 * n) / 4]);
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The local engine's CPU time in clock ticks (1/100 s), from /proc; 0 when its pid is unknown. */
    static long engineCpuTicks() {
        try {
            String out = Run.run(
                            List.of("ss", "-xlpnH", "src", "/var/run/docker.sock"),
                            Map.of(),
                            null,
                            Duration.ofSeconds(10))
                    .output();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
            if (!m.find()) {
                return 0;
            }
            String stat = Files.readString(Path.of("/proc", m.group(1), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (Exception | AssertionError e) { // no ss, no socket, or ss hung: the CPU column stays empty
            return 0;
        }
    }

    static String baseImage() throws Exception {
        String base = "golden-test/busybox:static";
        if (run("image", "inspect", base).exit() != 0) {
            Path dir = Files.createTempDirectory("busybox-base");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Files.writeString(
                    dir.resolve("Dockerfile"),
                    "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
            cli("build", "-q", "-t", base, dir.toString());
        }
        return base;
    }

    static Run.Result run(String... args) {
        return run("docker", false, args);
    }

    /** The client's run, killed after {@link #CLIENT_TIMEOUT} (a 1 GB legacy upload takes about 10 s). */
    static Run.Result run(String exe, boolean buildKit, String... args) {
        List<String> cmd = new ArrayList<>(List.of(exe));
        cmd.addAll(List.of(args));
        return Run.run(cmd, Map.of("DOCKER_BUILDKIT", buildKit ? "1" : "0"), null, CLIENT_TIMEOUT);
    }

    static String cli(String... args) {
        return cli("docker", false, args);
    }

    String cli(boolean buildKit, String... args) {
        return cli(cliExe, buildKit, args);
    }

    static String cli(String exe, boolean buildKit, String... args) {
        Run.Result r = run(exe, buildKit, args);
        if (r.exit() != 0 && !"rmi".equals(args[0])) {
            throw new AssertionError("docker " + String.join(" ", args) + ": " + r.output());
        }
        return r.output();
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
