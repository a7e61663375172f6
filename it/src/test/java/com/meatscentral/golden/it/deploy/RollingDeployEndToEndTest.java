package com.meatscentral.golden.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.testbed.Maven;
import com.meatscentral.golden.it.testbed.Prober;
import com.meatscentral.golden.it.testbed.Run;
import com.meatscentral.golden.it.testbed.Testbed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn golden:deploy} of dev-backend onto the testbed's two backend droplets (DEV_HOST
 * holding both addresses, the first the bastion), under a prober of >= 40 requests/s through the
 * load balancer in front of both. Images are tiny (busybox httpd) and made here. v3 reads its
 * health page from a droplet directory that only the first droplet has, so it is healthy on the
 * first host and fails health on the second.
 */
@Tag("testbed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployEndToEndTest {

    private static final String RUN = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
    /** Droplet directory mounted as v3's health page (only the first droplet has the page). */
    private static final String HEALTH_DIR = "/opt/pm/e2e-rolling-" + RUN;

    static Testbed testbed;
    static String registry;
    static String hosts;

    @TempDir
    static Path work;

    @BeforeAll
    static void imagesAndHealthPages() throws Exception {
        testbed = Testbed.load();
        registry = testbed.get("TESTBED_REGISTRY");
        hosts = testbed.get("TESTBED_BACKEND_IP") + "," + testbed.get("TESTBED_BACKEND2_IP");
        Path config = Files.createDirectories(work.resolve("docker-config"));
        cli(
                config,
                List.of("docker", "login", "-u", testbed.get("TESTBED_REGISTRY_USER"), "--password-stdin", registry),
                testbed.get("TESTBED_REGISTRY_PASSWORD"));
        for (int v = 1; v <= 3; v++) {
            Path ctx = Files.createDirectories(work.resolve("backend-v" + v));
            Files.createDirectories(ctx.resolve("www/api/v1/health"));
            if (v != 3) {
                Files.writeString(ctx.resolve("www/api/v1/health/index.html"), "{\"version\":\"v" + v + "\"}\n");
            }
            Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(
                    ctx.resolve("Dockerfile"),
                    "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /usr/share/nginx/html\n"
                            + "CMD [\"/bin/busybox\", \"sh\", \"-c\", \"trap 'exit 0' TERM; /bin/busybox httpd -f -p 8000 -h /usr/share/nginx/html & wait\"]\n");
            String ref = registry + "/backend:dev-backend-" + sha(v);
            cli(config, List.of("docker", "build", "-q", "-t", ref, ctx.toString()), null);
            cli(config, List.of("docker", "push", ref), null);
        }
        Path page = Files.createDirectories(dropletPath("backend", HEALTH_DIR));
        Files.writeString(page.resolve("index.html"), "{\"version\":\"v3\"}\n");
    }

    @AfterAll
    static void removeTheHealthPages() throws Exception {
        for (String d : List.of("backend", "backend2")) {
            Path dir = dropletPath(d, HEALTH_DIR);
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static Path dropletPath(String droplet, String optPmPath) {
        return Path.of(testbed.get("TESTBED_STATE_DIR"), droplet, "opt-pm", optPmPath.substring("/opt/pm/".length()));
    }

    static String sha(int v) {
        return RUN + "00000" + v;
    }

    private static String cli(Path config, List<String> command, String stdin) {
        // Run.succeed: a deadline that kills the command, output drained while it runs.
        return Run.succeed(command, Map.of("DOCKER_CONFIG", config.toString()), stdin, Duration.ofMinutes(5));
    }

    /** {@code mvn golden:deploy} of dev-backend to both droplets, started (output to a file). */
    static Process start(String name, int version, String... extra) throws Exception {
        Map<String, String> env = new HashMap<>(testbed.githubEnvironment("dev-backend"));
        env.put("DEV_HOST", hosts);
        // One pinned fingerprint cannot match two droplets: their keys are checked against known_hosts.
        env.remove("DEV_SSH_HOST_FINGERPRINT");
        return Maven.in(work.resolve("project-" + name))
                .withReferenceManifest()
                .deployingTo(testbed)
                .env(env)
                .args(
                        "golden:deploy",
                        "-Denv=dev-backend",
                        "-Dgolden.sha=" + sha(version),
                        "-Dgolden.deploy.drainSeconds=3",
                        "-Dgolden.lock.waitSeconds=300")
                .args(extra)
                .start(work.resolve(name + ".log"));
    }

    static Maven.Result finish(String name, Process p) throws Exception {
        return Maven.finish(p, work.resolve(name + ".log"), Duration.ofMinutes(8), name);
    }

    static Maven.Result deploy(String name, int version, String... extra) throws Exception {
        return finish(name, start(name, version, extra));
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(3))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The version each backend droplet serves on its public port 8000 (through golden's proxy). */
    static List<String> versions() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> versions = new ArrayList<>();
        for (String ip : hosts.split(",")) {
            HttpResponse<String> r = get(client, "http://" + ip + ":8000/api/v1/health/");
            versions.add(
                    r.statusCode() == 200 ? r.body().replaceAll("(?s).*\"(v\\d)\".*", "$1") : "HTTP " + r.statusCode());
        }
        return versions;
    }

    /** 50 requests/s through the load balancer (the frontend droplet's /api in front of both backends). */
    static Prober prober() {
        return Prober.at(testbed.get("TESTBED_FRONTEND_LB_URL") + "/api/v1/health/")
                .rate(50)
                .timeout(Duration.ofSeconds(5))
                .start();
    }

    @Test
    @Order(1)
    void aRollingDeployOfTwoDropletsFailsNoRequestThroughTheLoadBalancer() throws Exception {
        Maven.Result first = deploy("v1", 1);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(versions()).containsExactly("v1", "v1");
        Maven.Result v2;
        Prober prober = prober();
        try (prober) {
            v2 = deploy("v2", 2);
        }
        assertThat(v2.exit()).as(v2.output()).isZero();
        assertThat(v2.output())
                .contains("rolling dev-backend out to 2 hosts")
                .contains("the barrier")
                .contains("| " + testbed.get("TESTBED_BACKEND_IP") + " | switched |")
                .contains("| " + testbed.get("TESTBED_BACKEND2_IP") + " | switched |");
        assertThat(versions()).containsExactly("v2", "v2");
        assertThat(prober.failed())
                .as("failed requests through the load balancer: " + prober.failures())
                .isZero();
        assertThat(prober.rate()).as("requests/s").isGreaterThanOrEqualTo(40);
        assertThat(prober.bodies().keySet())
                .as("both versions served while rolling")
                .hasSize(2);
    }

    @Test
    @Order(2)
    void aVersionFailingHealthOnTheSecondDropletLeavesBothOnThePrevious() throws Exception {
        assertThat(versions()).containsExactly("v2", "v2");
        Maven.Result v3;
        Prober prober = prober();
        try (prober) {
            v3 = deploy("v3", 3, "-Dgolden.deploy.volumes=" + HEALTH_DIR + ":/usr/share/nginx/html/api/v1/health:ro");
        }
        assertThat(v3.exit()).as(v3.output()).isNotZero();
        assertThat(v3.output())
                .contains("stopped at [" + testbed.get("TESTBED_BACKEND2_IP") + "]")
                .contains("| " + testbed.get("TESTBED_BACKEND_IP") + " | switched, then switched back |");
        assertThat(versions()).containsExactly("v2", "v2");
        assertThat(prober.failed()).as("failed requests: " + prober.failures()).isZero();
        assertThat(prober.rate()).isGreaterThanOrEqualTo(40);
    }

    @Test
    @Order(3)
    void aConcurrentSecondDeployWaitsForTheLocksThenRuns() throws Exception {
        Maven.Result a;
        Maven.Result b;
        Prober prober = prober();
        try (prober) {
            // The first one's migration (run while it holds every host's lock) takes 20 s, so it still
            // holds the locks when the second asks for them: the drain alone ends as soon as the old slot
            // is idle, and the test images stop at once, so a plain deploy can end before the second starts.
            Process pa = start("concurrent-v1", 1, "-Dgolden.migrate.command=/bin/busybox sleep 20");
            Path aLog = work.resolve("concurrent-v1.log");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline
                    && !(Files.exists(aLog) && Files.readString(aLog).contains("Running /bin/busybox sleep 20"))) {
                Thread.sleep(50); // until the first holds every lock and migrates, bounded by the deadline
            }
            assertThat(Files.readString(aLog))
                    .as("the first deploy holds both locks and migrates")
                    .contains("Running /bin/busybox sleep 20");
            Process pb = start("concurrent-v2", 2);
            a = finish("concurrent-v1", pa);
            b = finish("concurrent-v2", pb);
        }
        assertThat(a.exit()).as(a.output()).isZero();
        assertThat(b.exit()).as(b.output()).isZero();
        assertThat(b.output()).contains("waiting for the deploy lock held by");
        assertThat(a.output()).doesNotContain("waiting for the deploy lock");
        assertThat(versions()).as("the second deploy ran last").containsExactly("v2", "v2");
        assertThat(prober.failed()).as("failed requests: " + prober.failures()).isZero();
    }
}
