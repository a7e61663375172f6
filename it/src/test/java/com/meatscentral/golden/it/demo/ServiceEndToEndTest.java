package com.meatscentral.golden.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.meatscentral.golden.it.testbed.Testbed;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * README's main job, end to end: {@code ./demo.sh} generates a service from the archetype and
 * runs the pipeline for development on the testbed (verify, audit, build, push, migrate
 * through the bastion, deploy backend and frontend). Then, as an operator and two users would:
 * tenants are created with the scaffold's {@code create_tenant} command in the running
 * container (as the application role, which row-level security binds), customers through the
 * API behind the frontend droplet's nginx, and a headless Chromium (Debian's) logs in as a
 * user of tenant A and must see A's customers and none of B's. Screenshots go to
 * {@code it/target/screenshots/}.
 */
@Tag("testbed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceEndToEndTest {

    private static final Path ROOT = Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    /** The dev-frontend URL of the demo's generated manifest (demo.sh: -Ddomain=demo.example.com). */
    private static final String SITE_HOST = "dev.demo.example.com";
    private static final String SITE = "http://" + SITE_HOST;
    private static final String RUN = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
    private static final ObjectMapper JSON = new ObjectMapper();

    static Testbed testbed;
    static Demo firstRun;
    @TempDir static Path work;

    record Demo(int exit, String output) { }

    @BeforeAll
    static void theDemoRuns() throws Exception {
        testbed = Testbed.load();
        firstRun = demo("first");
    }

    static Demo demo(String name) throws Exception {
        Path log = Files.createDirectories(ROOT.resolve("it/target/demo-e2e")).resolve(name + ".log");
        // --pipeline: fail on a missing part instead of falling back to the audit demo.
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("demo.sh").toString(), "--pipeline")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw new AssertionError("demo.sh did not finish in 30 minutes; log: " + log);
        }
        String out = Files.readString(log);
        System.out.println("---- ./demo.sh (" + name + ") -> exit " + p.exitValue() + "\n" + out);
        return new Demo(p.exitValue(), out);
    }

    @Test
    @Order(1)
    void theDemoRunsEveryStepOfThePipelineAndTheSiteAnswersThroughNginx() {
        assertThat(firstRun.exit()).as(firstRun.output()).isZero();
        for (String step : List.of("testbed up", "generate service", "golden:verify", "golden:audit", "golden:build",
                "golden:push", "deploy dev-backend", "deploy dev-frontend")) {
            assertThat(firstRun.output()).as(step).containsPattern("(?m)^" + java.util.regex.Pattern.quote(step)
                    + "\\s+[0-9.]+s\\s+ok$");
        }
        assertThat(firstRun.output()).contains("\"status\"").contains("(HTTP 200)");
    }

    @Test
    @Order(1)
    void theAdminAndItsStaticFilesAreServedThroughNginx() throws Exception {
        // nginx routes ^/(api|admin|static)/ to the backend; WhiteNoise serves collectstatic's output.
        assertThat(curl("GET", "/static/admin/css/base.css", null, null)).contains("body {");
        assertThat(curl("GET", "/admin/login/", null, null)).contains("/static/admin/css/base.css");
    }

    @Test
    @Order(2)
    void noSecretOfTheTestbedAppearsInTheDemoOutputOrItsLogs() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String env : List.of("dev-backend", "dev-frontend")) {
            testbed.githubEnvironment(env).forEach((name, value) -> {
                if (name.matches(".*(PASSWORD|SECRET_KEY|TOKEN|PRIVATE_KEY).*") && value.length() >= 8) {
                    secrets.put(name, value);
                }
            });
        }
        assertThat(secrets).containsKeys("DEV_DB_PASSWORD", "DEV_DB_APP_PASSWORD", "DEV_SECRET_KEY", "DO_ACCESS_TOKEN",
                "DEV_SSH_PASSWORD", "DEV_SSH_PRIVATE_KEY");
        List<Path> logs;
        try (Stream<Path> s = Files.walk(ROOT.resolve("target/demo/logs"))) {
            logs = s.filter(Files::isRegularFile).toList();
        }
        assertThat(logs).hasSizeGreaterThanOrEqualTo(8);
        StringBuilder everything = new StringBuilder(firstRun.output());
        for (Path log : logs) {
            everything.append(Files.readString(log));
        }
        secrets.forEach((name, value) -> {
            String probe = name.contains("PRIVATE_KEY") ? value.lines().skip(1).findFirst().orElseThrow() : value;
            assertThat(everything.indexOf(probe)).as(name + " printed by the demo").isEqualTo(-1);
        });
    }

    @Test
    @Order(3)
    void aUserOfTenantASeesOnlyTenantACustomersInTheBrowser() throws Exception {
        String alicePassword = "a-" + RUN + "-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        String bobPassword = "b-" + RUN + "-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        assertThat(createTenant("alpha", "Alpha", "alice", alicePassword)).contains("Tenant alpha (").contains("owner alice");
        assertThat(createTenant("beta", "Beta", "bob", bobPassword)).contains("Tenant beta (").contains("owner bob");

        String alice = token("alice", alicePassword);
        String bob = token("bob", bobPassword);
        List<String> alphas = List.of("Alpha One " + RUN, "Alpha Two " + RUN);
        List<String> betas = List.of("Beta One " + RUN, "Beta Two " + RUN);
        for (String name : alphas) {
            createCustomer(alice, name);
        }
        for (String name : betas) {
            createCustomer(bob, name);
        }
        // The API first (what the SPA relies on): each token sees its own tenant only.
        assertThat(customerNames(alice)).containsAll(alphas).doesNotContainAnyElementsOf(betas);
        assertThat(customerNames(bob)).containsAll(betas).doesNotContainAnyElementsOf(alphas);

        List<String> seenByAlice = inTheBrowser("alice", alicePassword, "tenant-alpha-customers.png");
        assertThat(seenByAlice).containsAll(alphas).noneMatch(row -> row.contains("Beta"));
        List<String> seenByBob = inTheBrowser("bob", bobPassword, "tenant-beta-customers.png");
        assertThat(seenByBob).containsAll(betas).noneMatch(row -> row.contains("Alpha"));
    }

    @Test
    @Order(4)
    void runningTheDemoAgainDeploysAgain() throws Exception {
        Demo second = demo("second");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).containsPattern("(?m)^deploy dev-backend\\s+[0-9.]+s\\s+ok$")
                .containsPattern("(?m)^deploy dev-frontend\\s+[0-9.]+s\\s+ok$").contains("(HTTP 200)");
    }

    @Test
    @Order(5)
    void mvnDeployOfTheGeneratedServiceRunsThePipelineThroughTheLifecycle() throws Exception {
        // What the generated README promises: `mvn deploy -Denv=...` runs the golden goals bound by
        // golden-parent (verify, audit, tests, build, push, deploy with its migration). Here the
        // testbed's bases and registry stand in for Docker Hub and DOCR, as in the demo.
        Path service = ROOT.resolve("target/demo/demo-service");
        String registry = testbed.get("TESTBED_REGISTRY");
        List<String> command = List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-s", System.getProperty("golden.it.settings"),
                "deploy", "-Denv=dev-backend", "-Dgolden.registries=" + registry,
                "-Dgolden.registrySecrets=" + registry.replaceAll("/.*", "") + "=DO_ACCESS_TOKEN",
                "-Dgolden.buildArg.BASE_IMAGE=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"),
                "-Dgolden.buildArg.INSTALL_REQUIREMENTS=false", "-Dgolden.images=backend", "-Dgolden.frontend.skip=true",
                "-Dgolden.backend.test.image=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(service.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
        pb.environment().putAll(testbed.githubEnvironment("dev-backend"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // In lifecycle order, each bound goal ran; the deploy migrated first and is healthy.
        String golden = "golden:" + System.getProperty("golden.version") + ":";
        List<String> goals = List.of(golden + "verify", golden + "audit", "(backend-tests)", golden + "build", golden + "push",
                golden + "deploy");
        int at = -1;
        for (String goal : goals) {
            int next = out.indexOf(goal, at + 1);
            assertThat(next).as(goal + " after the previous goal").isGreaterThan(at);
            at = next;
        }
        assertThat(out).contains("| migrate dev-backend | ok |").containsPattern("dev-backend deployed [0-9a-f]{40}")
                .containsPattern("Ran \\d+ tests").contains("BUILD SUCCESS");
        for (String secret : List.of(testbed.get("TESTBED_DB_APP_PASSWORD"), testbed.get("TESTBED_DB_OWNER_PASSWORD"),
                testbed.get("TESTBED_REGISTRY_PASSWORD"))) {
            assertThat(out).doesNotContain(secret);
        }
    }

    // ------------------------------------------------------------------ the operator and the users

    /** {@code create_tenant} in the running backend container, the password on stdin (never argv). */
    private static String createTenant(String slug, String name, String owner, String password) throws Exception {
        return cli(List.of("docker", "-H", testbed.get("TESTBED_BACKEND_DOCKER_HOST"), "exec", "-i", "pm-backend",
                "python", "manage.py", "create_tenant", slug, "--name", name, "--domain", slug + "." + SITE_HOST,
                "--owner", owner, "--password-stdin"), password + "\n");
    }

    private static String token(String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("username", user, "password", password));
        return JSON.readTree(curl("POST", "/api/v1/auth/token/", null, body)).path("token").asText();
    }

    private static void createCustomer(String token, String name) throws Exception {
        String email = name.toLowerCase().replace(' ', '.') + "@example.test";
        JsonNode created = JSON.readTree(curl("POST", "/api/v1/customers/", token,
                JSON.writeValueAsString(Map.of("name", name, "email", email))));
        assertThat(created.path("name").asText()).isEqualTo(name);
    }

    private static List<String> customerNames(String token) throws Exception {
        JsonNode body = JSON.readTree(curl("GET", "/api/v1/customers/", token, null));
        JsonNode list = body.isArray() ? body : body.path("results");
        List<String> names = new ArrayList<>();
        list.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** curl through the frontend droplet's nginx, by the site's name pinned to the droplet (no lookup). */
    private static String curl(String method, String path, String token, String body) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail-with-body", "--max-time", "10",
                "--resolve", SITE_HOST + ":80:" + testbed.get("TESTBED_FRONTEND_IP"), "-X", method,
                "-H", "Accept: application/json"));
        if (token != null) {
            // A header file, so the token is not on curl's command line.
            Path header = Files.writeString(work.resolve("auth-" + RUN + ".txt"), "Authorization: Token " + token + "\n");
            command.addAll(List.of("-H", "@" + header));
        }
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@-"));
        }
        command.add(SITE + path);
        return cli(command, body);
    }

    private static String cli(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(command.get(0) + " " + command.get(command.size() - 1) + "\n" + out).isZero();
        return out;
    }

    /**
     * Debian's Chromium through its chromedriver (paths given, so Selenium downloads nothing).
     * Every host name but the site's fails to resolve, and the site's is pinned to the frontend
     * droplet: the browser cannot reach anything but the testbed.
     */
    private static List<String> inTheBrowser(String user, String password, String screenshot) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1024,768",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-"),
                "--host-resolver-rules=MAP " + SITE_HOST + " " + testbed.get("TESTBED_FRONTEND_IP") + ", MAP * ~NOTFOUND");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(SITE + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[aria-label=login]")));
            assertThat(browser.findElement(By.className("environment")).getText()).isEqualTo("Environment: development");
            form.findElement(By.name("username")).sendKeys(user);
            form.findElement(By.name("password")).sendKeys(password);
            form.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=customer]")));
            // A row's cells: name, email; the name is what the user reads.
            List<String> rows = browser.findElements(By.cssSelector("[data-testid=customer] td:first-child")).stream()
                    .map(WebElement::getText).toList();
            Path shots = Files.createDirectories(ROOT.resolve("it/target/screenshots"));
            byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(shots.resolve(screenshot), png);
            System.out.println("SCREENSHOT " + shots.resolve(screenshot) + " (" + user + "): " + rows);
            return rows;
        } finally {
            browser.quit();
        }
    }
}
