package com.meatscentral.golden.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.testbed.Maven;
import com.meatscentral.golden.it.testbed.Prober;
import com.meatscentral.golden.it.testbed.Run;
import com.meatscentral.golden.it.testbed.Testbed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn golden:deploy} as a CI job runs it, against the testbed's droplets: a real Maven
 * with the secrets of the GitHub environments dev-backend / dev-frontend in its environment,
 * SSH to the droplet, its own docker engine pulling from the testbed registry, its nginx.
 * Images are tiny (a static busybox httpd) and made here; v3's health endpoint is missing.
 * Assertions look at the droplet's engine directly (its socket on this machine).
 */
@Tag("testbed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEndToEndTest {

    private static final String RUN = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
    private static final String MARKER = "/tmp/golden-e2e-pwned-" + RUN;
    /** Quotes, a command substitution and a newline: must arrive verbatim and run nothing. */
    private static final String SECRET_KEY =
            "sk-" + RUN + "'\"$(touch " + MARKER + ")\nsecond line `touch " + MARKER + "`";

    static Testbed testbed;
    static String registry;

    @TempDir
    static Path work;

    static Path dockerConfig;

    @BeforeAll
    static void imagesInTheTestbedRegistry() throws Exception {
        testbed = Testbed.load();
        registry = testbed.get("TESTBED_REGISTRY");
        dockerConfig = Files.createDirectories(work.resolve("docker-config"));
        cli(
                List.of("docker", "login", "-u", testbed.get("TESTBED_REGISTRY_USER"), "--password-stdin", registry),
                testbed.get("TESTBED_REGISTRY_PASSWORD"));
        for (int v = 1; v <= 3; v++) {
            Path ctx = Files.createDirectories(work.resolve("backend-v" + v));
            Files.createDirectories(ctx.resolve("www/api/v1/health"));
            Files.writeString(ctx.resolve("www/index.html"), "backend v" + v + "\n");
            if (v != 3) {
                Files.writeString(
                        ctx.resolve("www/api/v1/health/index.html"),
                        "{\"status\":\"ok\",\"version\":\"v" + v + "\"}\n");
            }
            image(ctx, "backend", "dev-backend-" + sha(v), "8000");
        }
        Path spa = Files.createDirectories(work.resolve("frontend"));
        Files.createDirectories(spa.resolve("www"));
        Files.writeString(
                spa.resolve("www/index.html"),
                "<!doctype html><div id=root>golden spa " + RUN + "</div><script src=\"/env-config.js\"></script>\n");
        image(spa, "frontend", "dev-frontend-" + sha(1), "80");
    }

    /** A hex "commit" per version and run (tags are {env}-{sha}; shas must be hex). */
    static String sha(int v) {
        return RUN + "00000" + v;
    }

    private static void image(Path ctx, String name, String tag, String port) throws Exception {
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        // CMD, not ENTRYPOINT, like a Django image (CMD gunicorn): the migration container's
        // command replaces it (with an ENTRYPOINT, httpd would get it as arguments and never exit).
        // The document root is nginx's, where the frontend deploy mounts env-config.js. A shell with a
        // TERM trap runs httpd, so the container stops on SIGTERM as gunicorn and nginx do (busybox
        // httpd as PID 1 ignores it, and every stop of a previous slot waited docker's 20 s timeout).
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /usr/share/nginx/html\n"
                        + "CMD [\"/bin/busybox\", \"sh\", \"-c\", \"trap 'exit 0' TERM; /bin/busybox httpd -f -p "
                        + port
                        + " -h /usr/share/nginx/html & wait\"]\n");
        String ref = registry + "/" + name + ":" + tag;
        cli(List.of("docker", "build", "-q", "-t", ref, ctx.toString()), null);
        cli(List.of("docker", "push", ref), null);
    }

    private static String cli(List<String> command, String stdin) {
        // Run.succeed: a deadline that kills the command, output drained while it runs.
        return Run.succeed(command, Map.of("DOCKER_CONFIG", dockerConfig.toString()), stdin, Duration.ofMinutes(5));
    }

    /** The droplet's own engine, through its socket on this machine. */
    private static String onEngine(String droplet, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("docker", "-H", testbed.get("TESTBED_" + droplet.toUpperCase() + "_DOCKER_HOST")));
        command.addAll(List.of(args));
        return cli(command, null);
    }

    /** The environment a container runs with, exactly (docker inspect's JSON; values may hold newlines). */
    static Map<String, String> containerEnv(String droplet, String container) throws Exception {
        String json = onEngine(droplet, "inspect", "--format", "{{json .Config.Env}}", container);
        Map<String, String> env = new HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode e :
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
            String entry = e.asText();
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    /** {@code mvn} in a directory holding only the reference manifest, with the GitHub environment's secrets. */
    static Maven project(String githubEnv) throws Exception {
        return Maven.in(work.resolve("project-" + githubEnv))
                .withReferenceManifest()
                .deployingTo(testbed)
                .env(secrets(githubEnv));
    }

    /** {@code mvn golden:deploy} (or another goal) run to its end. */
    static Maven.Result mvn(String githubEnv, Map<String, String> overrides, String... args) throws Exception {
        return project(githubEnv).env(overrides).args(args).run(Duration.ofMinutes(10));
    }

    /** {@code mvn} started, not waited for: to be interrupted. Output goes to a file. */
    static Process start(String githubEnv, Path output, String... args) throws Exception {
        return project(githubEnv).interruptible().args(args).start(output);
    }

    static long jvmPid(Process p) {
        return Maven.jvmPid(p);
    }

    static Path journal(String droplet, String service) {
        return Path.of(testbed.get("TESTBED_STATE_DIR"), droplet + "/opt-pm/.golden/" + service + ".journal.json");
    }

    /** Waits (bounded) until the droplet's journal says {@code step} is running. */
    static void awaitStep(String droplet, String service, String stepPrefix, String sha) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Path j = journal(droplet, service);
            String text = Files.exists(j) ? Files.readString(j) : "";
            if (text.contains("\"sha\":\"" + sha + "\"") && text.contains("\"running\":\"" + stepPrefix)) {
                return;
            }
            Thread.sleep(5); // polling the droplet's journal file, bounded by the deadline above
        }
        throw new AssertionError("the deploy of " + sha + " never reached step '" + stepPrefix + "'");
    }

    static Maven.Result finish(Process p, Path output) throws Exception {
        return Maven.finish(p, output, Duration.ofMinutes(5), "(interrupted)");
    }

    static String lockDir() {
        return Path.of(testbed.get("TESTBED_STATE_DIR"), "backend/opt-pm/.golden/deploy.lock")
                .toString();
    }

    static void assertNoCredentialLeft(String droplet) throws Exception {
        try (var files = Files.list(Path.of(testbed.get("TESTBED_STATE_DIR"), droplet + "/opt-pm/.golden"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("docker-") || n.startsWith("runtime-") || n.startsWith("site-"));
        }
    }

    static Map<String, String> secrets(String githubEnv) {
        Map<String, String> env = new HashMap<>(testbed.githubEnvironment(githubEnv));
        if (githubEnv.equals("dev-backend")) {
            env.put("DEV_SECRET_KEY", SECRET_KEY);
        }
        return env;
    }

    /** GET from this machine (the runner), as a user of the droplet would. */
    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(3))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static String backendHealth() {
        return "http://" + testbed.get("TESTBED_BACKEND_IP") + ":8000/api/v1/health/";
    }

    /** 10 requests/s to the backend, each on a new connection, counting failed requests: the swap gap. */
    static Prober prober() {
        return Prober.at(backendHealth())
                .rate(10)
                .freshEvery(1)
                .timeout(Duration.ofSeconds(3))
                .start();
    }

    /** Samples every command line on this machine (the droplets share its PID namespace) while it runs. */
    static final class PsSampler implements AutoCloseable {
        final Set<String> lines = ConcurrentHashMap.newKeySet();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger samples = new AtomicInteger();
        final CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                try {
                    Process p = new ProcessBuilder("ps", "-eo", "args").start();
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .forEach(lines::add);
                    p.waitFor();
                    samples.incrementAndGet();
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });

        @Override
        public void close() {
            running.set(false);
            loop.join();
        }
    }

    @Test
    @Order(1)
    void v1IsDeployedAndTheHostileSecretKeyArrivesIntact() throws Exception {
        Maven.Result r = mvn("dev-backend", Map.of(), "golden:deploy", "-Denv=dev-backend", "-Dgolden.sha=" + sha(1));

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("| migrate dev-backend | ok |")
                .contains("| docker run pm-backend-")
                .contains("healthy at attempt");
        assertThat(get(backendHealth()).body()).contains("\"version\":\"v1\"");
        String live = Files.readString(
                Path.of(testbed.get("TESTBED_STATE_DIR"), "backend/opt-pm/.golden/pm-backend-proxy/live.conf"));
        String serving = live.contains("X-Golden-Slot 2") ? "pm-backend-2" : "pm-backend-1";
        Map<String, String> env = containerEnv("backend", serving);
        assertThat(env.get("SECRET_KEY")).isEqualTo(SECRET_KEY);
        assertThat(env.get("DB_USER")).isEqualTo(testbed.get("TESTBED_DB_APP_USER"));
        assertThat(Path.of(MARKER)).as("nothing in SECRET_KEY was executed").doesNotExist();
        assertThat(r.output()).doesNotContain("second line").doesNotContain(testbed.get("TESTBED_DB_APP_PASSWORD"));
    }

    @Test
    @Order(2)
    void v2ThenAnUnhealthyV3WhileAProberSeesNoFailedRequest() throws Exception {
        Maven.Result v2;
        Maven.Result v3;
        PsSampler ps;
        Prober prober = prober();
        try (prober) {
            try (PsSampler sampler = new PsSampler()) {
                ps = sampler;
                v2 = mvn("dev-backend", Map.of(), "golden:deploy", "-Denv=dev-backend", "-Dgolden.sha=" + sha(2));
            }
            v3 = mvn(
                    "dev-backend",
                    Map.of(),
                    "golden:deploy",
                    "-Denv=dev-backend",
                    "-Dgolden.sha=" + sha(3),
                    "-Dgolden.health.attempts=3",
                    "-Dgolden.health.timeoutSeconds=6");
        }
        long probes = prober.requests();
        long failed = prober.failed();
        System.out.printf("PROBER: %d requests during v2 + v3, %d failed%n", probes, failed);
        assertThat(v2.exit()).as(v2.output()).isZero();
        assertThat(v3.exit()).as(v3.output()).isNotZero();
        assertThat(v3.output())
                .contains("rolled back")
                .contains("the previous container is serving and healthy")
                .contains("HTTP 404");
        assertThat(failed).as("zero downtime: failed requests of " + probes).isZero();
        assertThat(get(backendHealth()).body()).contains("\"version\":\"v2\"");
        String running = onEngine("backend", "ps", "--format", "{{.Names}} {{.Image}}");
        assertThat(running)
                .contains("pm-backend-proxy")
                .contains(registry + "/backend:dev-backend-" + sha(2))
                .doesNotContain("dev-backend-" + sha(3));
        String history =
                Files.readString(Path.of(testbed.get("TESTBED_STATE_DIR"), "backend/opt-pm/dev-backend/history.jsonl"));
        assertThat(history).contains("\"sha\":\"" + sha(2) + "\"").contains("\"result\":\"rolled-back\"");
        assertNoCredentialLeft("backend");

        System.out.println("PS: " + ps.samples.get() + " samples, " + ps.lines.size() + " distinct command lines");
        assertThat(ps.lines).anyMatch(l -> l.contains("docker run -d --name pm-backend-"));
        for (String secret : List.of(
                "second line",
                "sk-" + RUN,
                testbed.get("TESTBED_DB_APP_PASSWORD"),
                testbed.get("TESTBED_DB_OWNER_PASSWORD"),
                testbed.get("TESTBED_REGISTRY_PASSWORD"),
                testbed.get("TESTBED_SSH_PASSWORD"))) {
            assertThat(ps.lines).noneMatch(l -> l.contains(secret));
        }
    }

    @Test
    @Order(21)
    void ctrlCDuringTheHealthCheckLeavesTheRunningVersionAndNothingElse() throws Exception {
        Path out = work.resolve("sigint-health.log");
        String before = get(backendHealth()).body();
        Process p = start(
                "dev-backend",
                out,
                "golden:deploy",
                "-Denv=dev-backend",
                "-Dgolden.sha=" + sha(3),
                "-Dgolden.deploy.skipMigrate=true",
                "-Dgolden.health.attempts=50",
                "-Dgolden.health.timeoutSeconds=60");
        awaitStep("backend", "pm-backend", "health", sha(3));
        new ProcessBuilder("kill", "-INT", String.valueOf(jvmPid(p))).start().waitFor(10, TimeUnit.SECONDS);
        Maven.Result r = finish(p, out);

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("interrupted").doesNotContain("did not settle");
        assertThat(get(backendHealth()).body()).isEqualTo(before);
        assertThat(onEngine("backend", "ps", "-a", "--format", "{{.Image}}")).doesNotContain("dev-backend-" + sha(3));
        assertThat(Files.readString(journal("backend", "pm-backend"))).contains("\"phase\":\"ROLLED_BACK\"");
        assertThat(Path.of(lockDir())).doesNotExist();
        assertNoCredentialLeft("backend");
    }

    @Test
    @Order(22)
    void ctrlCDuringTheCutoverEndsWithOneVersionServingAndTheJournalSettled() throws Exception {
        Path out = work.resolve("sigint-cutover.log");
        String before = get(backendHealth()).body();
        Process p;
        Prober prober = prober();
        try (prober) {
            p = start(
                    "dev-backend",
                    out,
                    "golden:deploy",
                    "-Denv=dev-backend",
                    "-Dgolden.sha=" + sha(1),
                    "-Dgolden.deploy.skipMigrate=true");
            awaitStep("backend", "pm-backend", "cutover", sha(1));
            new ProcessBuilder("kill", "-INT", String.valueOf(jvmPid(p)))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            finish(p, out);
        }
        assertThat(prober.failed())
                .as("no failed request across the interrupted cutover: " + prober.failures())
                .isZero();
        String journal = Files.readString(journal("backend", "pm-backend"));
        assertThat(journal).containsAnyOf("\"phase\":\"DONE\"", "\"phase\":\"ROLLED_BACK\"");
        if (journal.contains("\"phase\":\"DONE\"")) {
            assertThat(get(backendHealth()).body()).contains("\"version\":\"v1\"");
        } else {
            assertThat(get(backendHealth()).body()).isEqualTo(before);
        }
        assertThat(Path.of(lockDir())).doesNotExist();
        assertNoCredentialLeft("backend");
    }

    @Test
    @Order(23)
    void aKilledDeployIsUndoneByTheNextDeployWhichSaysWhatItFound() throws Exception {
        Path out = work.resolve("sigkill.log");
        String before = get(backendHealth()).body();
        Process p = start(
                "dev-backend",
                out,
                "golden:deploy",
                "-Denv=dev-backend",
                "-Dgolden.sha=" + sha(3),
                "-Dgolden.deploy.skipMigrate=true",
                "-Dgolden.health.attempts=50",
                "-Dgolden.health.timeoutSeconds=60");
        awaitStep("backend", "pm-backend", "health", sha(3));
        new ProcessBuilder("kill", "-KILL", String.valueOf(jvmPid(p))).start().waitFor(10, TimeUnit.SECONDS);
        finish(p, out);
        assertThat(Path.of(lockDir())).as("a killed JVM leaves its lock").exists();
        assertThat(get(backendHealth()).body())
                .as("and the running version serving")
                .isEqualTo(before);

        Maven.Result next = mvn(
                "dev-backend",
                Map.of(),
                "golden:deploy",
                "-Denv=dev-backend",
                "-Dgolden.sha=" + sha(2),
                "-Dgolden.deploy.skipMigrate=true");

        assertThat(next.exit()).as(next.output()).isZero();
        assertThat(next.output())
                .contains("taking over the deploy lock")
                .contains("that process is gone")
                .contains("found an unfinished deploy of dev-backend " + sha(3))
                .contains("undid it");
        assertThat(get(backendHealth()).body()).contains("\"version\":\"v2\"");
        assertThat(onEngine("backend", "ps", "-a", "--format", "{{.Image}}")).doesNotContain("dev-backend-" + sha(3));
        assertNoCredentialLeft("backend");
    }

    @Test
    @Order(3)
    void twoDeploysAtOnceOneGetsTheLockTheOtherFailsNamingTheHolder() throws Exception {
        CompletableFuture<Maven.Result> a = CompletableFuture.supplyAsync(() -> deployQuietly(sha(1)));
        CompletableFuture<Maven.Result> b = CompletableFuture.supplyAsync(() -> deployQuietly(sha(2)));
        List<Maven.Result> both = List.of(a.join(), b.join());

        assertThat(both).filteredOn(m -> m.exit() == 0).hasSizeGreaterThanOrEqualTo(1);
        assertThat(both)
                .filteredOn(m -> m.exit() != 0)
                .allSatisfy(m -> assertThat(m.output()).contains("deploy lock").contains("is held by"));
        assertThat(onEngine("backend", "ps", "--format", "{{.Names}}")
                        .lines()
                        .sorted()
                        .toList())
                .hasSize(2)
                .contains("pm-backend-proxy");
        assertThat(Path.of(lockDir())).doesNotExist();
        assertThat(get(backendHealth()).statusCode()).isEqualTo(200);
    }

    private static Maven.Result deployQuietly(String sha) {
        try {
            return mvn(
                    "dev-backend",
                    Map.of(),
                    "golden:deploy",
                    "-Denv=dev-backend",
                    "-Dgolden.sha=" + sha,
                    "-Dgolden.lock.waitSeconds=0");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(4)
    void frontendIsServedThroughTheHostNginxWithTheBackendBehindApi() throws Exception {
        // The manifest maps BACKEND_IP to the secret BACKEND_IP (scoped to the frontend's GitHub environment).
        Maven.Result r = mvn(
                "dev-frontend",
                Map.of("BACKEND_IP", testbed.get("TESTBED_BACKEND_IP")),
                "golden:deploy",
                "-Denv=dev-frontend",
                "-Dgolden.sha=" + sha(1));

        assertThat(r.exit()).as(r.output()).isZero();
        String site = "http://" + testbed.get("TESTBED_FRONTEND_IP");
        assertThat(get(site + "/").body()).contains("golden spa " + RUN);
        assertThat(get(site + "/env-config.js").body())
                .startsWith("window.ENV = {")
                .contains("\"API_BASE_URL\"");
        HttpResponse<String> api = get(site + "/api/v1/health/");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"status\":\"ok\"");
    }

    @Test
    @Order(5)
    void statusShowsWhatRunsAndUnlockFreesAStaleLock() throws Exception {
        Maven.Result status = mvn("dev-backend", Map.of(), "golden:status", "-Denv=dev-backend");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output())
                .containsPattern("\\| container \\| pm-backend-[12] \\(running\\) \\|")
                .contains("HTTP 200")
                .contains("| lock | free |")
                .contains("| unfinished deploy | none |");

        Path lock = Files.createDirectories(Path.of(lockDir()));
        Files.writeString(
                lock.resolve("holder.json"), "{\"who\":\"dead-runner-" + RUN + "\",\"sha\":\"x\",\"since\":\"t\"}");
        // Made here as root; the droplet's SSH user must be able to remove it, as it could its own.
        Files.setPosixFilePermissions(lock, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Maven.Result unlock = mvn("dev-backend", Map.of(), "golden:unlock", "-Denv=dev-backend");
        assertThat(unlock.exit()).as(unlock.output()).isZero();
        assertThat(unlock.output()).contains("dead-runner-" + RUN);
        assertThat(lock).doesNotExist();
    }
}
