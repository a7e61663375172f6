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
 * user of tenant A and must see A's customers and none of B's. Then the scaffold's
 * tenancy as its users meet it: tenant A's staff user in the Django admin sees only A's rows
 * and no API token; in the SPA, A's owner creates, edits and deletes a customer (the API's
 * validation errors shown next to the fields), and B's owner, a viewer of A, switches
 * tenants and sees no write controls in A. Screenshots go to {@code it/target/screenshots/}.
 */
@Tag("testbed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceEndToEndTest {

    private static final Path ROOT =
            Path.of(System.getProperty("golden.repo.root")).toAbsolutePath().normalize();
    /** The dev-frontend URL of the demo's generated manifest (demo.sh: -Ddomain=demo.example.com). */
    private static final String SITE_HOST = "dev.demo.example.com";

    private static final String SITE = "http://" + SITE_HOST;
    private static final String RUN = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Users of this run: the testbed's database keeps the tenants and users of earlier runs. */
    private static final String ALICE = "alice-" + RUN;

    private static final String BOB = "bob-" + RUN;

    static Testbed testbed;
    static Demo firstRun;
    static String alicePassword;
    static String bobPassword;
    static List<String> alphas;
    static List<String> betas;

    @TempDir
    static Path work;

    record Demo(int exit, String output) {}

    @BeforeAll
    static void theDemoRuns() throws Exception {
        testbed = Testbed.load();
        firstRun = demo("first");
    }

    static Demo demo(String name) throws Exception {
        Path log = Files.createDirectories(ROOT.resolve("it/target/demo-e2e")).resolve(name + ".log");
        // --pipeline: fail on a missing part instead of falling back to the audit demo.
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("demo.sh").toString(), "--pipeline")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
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
        for (String step : List.of(
                "testbed up",
                "generate service",
                "golden:verify",
                "golden:audit",
                "golden:build",
                "golden:push",
                "deploy dev-backend",
                "deploy dev-frontend")) {
            assertThat(firstRun.output())
                    .as(step)
                    .containsPattern("(?m)^" + java.util.regex.Pattern.quote(step) + "\\s+[0-9.]+s\\s+ok$");
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
        assertThat(secrets)
                .containsKeys(
                        "DEV_DB_PASSWORD",
                        "DEV_DB_APP_PASSWORD",
                        "DEV_SECRET_KEY",
                        "DO_ACCESS_TOKEN",
                        "DEV_SSH_PASSWORD",
                        "DEV_SSH_PRIVATE_KEY");
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
            String probe = name.contains("PRIVATE_KEY")
                    ? value.lines().skip(1).findFirst().orElseThrow()
                    : value;
            assertThat(everything.indexOf(probe))
                    .as(name + " printed by the demo")
                    .isEqualTo(-1);
        });
    }

    @Test
    @Order(3)
    void aUserOfTenantASeesOnlyTenantACustomersInTheBrowser() throws Exception {
        alicePassword = "a-" + RUN + "-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        bobPassword = "b-" + RUN + "-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        // Alice is also staff of alpha (the admin test below); bob is not staff.
        assertThat(createTenant("alpha", "Alpha", ALICE, alicePassword, "--staff"))
                .contains("Tenant alpha (")
                .contains("owner " + ALICE);
        assertThat(createTenant("beta", "Beta", BOB, bobPassword))
                .contains("Tenant beta (")
                .contains("owner " + BOB);

        String alice = token(ALICE, alicePassword);
        String bob = token(BOB, bobPassword);
        alphas = List.of("Alpha One " + RUN, "Alpha Two " + RUN);
        betas = List.of("Beta One " + RUN, "Beta Two " + RUN);
        for (String name : alphas) {
            createCustomer(alice, name);
        }
        for (String name : betas) {
            createCustomer(bob, name);
        }
        // The API first (what the SPA relies on): each token sees its own tenant only.
        assertThat(customerNames(alice)).containsAll(alphas).doesNotContainAnyElementsOf(betas);
        assertThat(customerNames(bob)).containsAll(betas).doesNotContainAnyElementsOf(alphas);

        List<String> seenByAlice = inTheBrowser(ALICE, alicePassword, "tenant-alpha-customers.png");
        assertThat(seenByAlice).containsAll(alphas).noneMatch(row -> row.contains("Beta"));
        List<String> seenByBob = inTheBrowser(BOB, bobPassword, "tenant-beta-customers.png");
        assertThat(seenByBob).containsAll(betas).noneMatch(row -> row.contains("Alpha"));
    }

    @Test
    @Order(4)
    void tenantAStaffSeesOnlyTenantARowsInTheAdminAndNoToken() throws Exception {
        assertThat(alphas).as("the tenants of the previous test").isNotNull();
        String aliceToken = token(ALICE, alicePassword);
        String bobToken = token(BOB, bobPassword);
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // The SPA re-renders its rows after each write: a row read mid-render is read again.
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            browser.get(SITE + "/admin/login/?next=/admin/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("id_username")))
                    .sendKeys(ALICE);
            browser.findElement(By.id("id_password")).sendKeys(alicePassword);
            browser.findElement(By.cssSelector("input[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user-tools")));

            browser.get(SITE + "/admin/customers/customer/");
            List<String> rows = wait.until(d -> {
                List<String> names = d.findElements(By.cssSelector("#result_list tbody tr th")).stream()
                        .map(WebElement::getText)
                        .toList();
                return names.isEmpty() ? null : names;
            });
            screenshot(browser, "admin-tenant-alpha-customers.png", ALICE + " (admin)", rows);
            assertThat(rows).containsAll(alphas).noneMatch(row -> row.contains("Beta"));

            browser.get(SITE + "/admin/auth/user/");
            List<String> users = wait.until(d -> {
                List<String> names = d.findElements(By.cssSelector("#result_list tbody tr th")).stream()
                        .map(WebElement::getText)
                        .toList();
                return names.isEmpty() ? null : names;
            });
            assertThat(users).contains(ALICE).doesNotContain(BOB);

            browser.get(SITE + "/admin/authtoken/tokenproxy/");
            assertThat(browser.getPageSource()).containsIgnoringCase("not found");
            for (String page : List.of("/admin/", "/admin/auth/user/")) {
                browser.get(SITE + page);
                assertThat(browser.getPageSource())
                        .as(page)
                        .doesNotContain(aliceToken)
                        .doesNotContain(bobToken);
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(5)
    void theSpaWritesCustomersForAMemberShowsFieldErrorsAndNoWriteControlsToAViewer() throws Exception {
        assertThat(alphas).as("the tenants of the previous tests").isNotNull();
        // Alice (owner of alpha) adds bob to alpha as a viewer: memberships are an admin's job.
        JsonNode membership = JSON.readTree(curl(
                "POST",
                "/api/v1/memberships/",
                token(ALICE, alicePassword),
                JSON.writeValueAsString(Map.of("user", BOB, "role", "viewer"))));
        assertThat(membership.path("role").asText()).isEqualTo("viewer");

        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // The SPA re-renders its rows after each write: a row read mid-render is read again.
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            logIn(browser, wait, ALICE, alicePassword);
            String name = "Alpha Three " + RUN;
            browser.findElement(By.cssSelector("[data-testid=add-customer]")).click();
            WebElement form = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[aria-label=customer]")));
            form.findElement(By.name("name")).sendKeys(name);
            form.findElement(By.name("email")).sendKeys("not-an-email");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            String invalid = wait.until(
                            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=error-email]")))
                    .getText();
            assertThat(invalid).containsIgnoringCase("valid email");
            // The first customer's address in other letter case: unique per tenant regardless of case.
            String taken = alphas.get(0).toUpperCase().replace(' ', '.') + "@EXAMPLE.TEST";
            retype(form.findElement(By.name("email")), taken);
            form.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-testid=error-email]"), "already exists"));
            retype(form.findElement(By.name("email")), "alpha.three." + RUN + "@example.test");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(d -> customerRows(d).contains(name));

            String renamed = "Alpha Three Renamed " + RUN;
            browser.findElement(By.cssSelector("button[aria-label='Edit " + name + "']"))
                    .click();
            WebElement edit = wait.until(
                    ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[aria-label=customer]")));
            retype(edit.findElement(By.name("name")), renamed);
            edit.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(
                    d -> customerRows(d).contains(renamed) && !customerRows(d).contains(name));
            screenshot(browser, "spa-alpha-owner.png", ALICE, customerRows(browser));

            browser.findElement(By.cssSelector("button[aria-label='Delete " + renamed + "']"))
                    .click();
            wait.until(d -> !customerRows(d).contains(renamed));
            assertThat(customerNames(token(ALICE, alicePassword))).doesNotContain(renamed, name);
        } finally {
            browser.quit();
        }

        browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            // The SPA re-renders its rows after each write: a row read mid-render is read again.
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            logIn(browser, wait, BOB, bobPassword);
            // Beta (bob's default, as owner): write controls.
            assertThat(customerRows(browser)).containsAll(betas).noneMatch(row -> row.contains("Alpha"));
            assertThat(browser.findElements(By.cssSelector("[data-testid=add-customer]")))
                    .hasSize(1);
            org.openqa.selenium.support.ui.Select tenant =
                    new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("tenant")));
            assertThat(tenant.getOptions()).extracting(WebElement::getText).containsExactlyInAnyOrder("Alpha", "Beta");
            tenant.selectByVisibleText("Alpha");
            wait.until(d -> customerRows(d).containsAll(alphas));
            List<String> rows = customerRows(browser);
            screenshot(browser, "spa-alpha-viewer.png", BOB + " (viewer of alpha)", rows);
            assertThat(rows).noneMatch(row -> row.contains("Beta"));
            assertThat(browser.findElements(By.cssSelector("[data-testid=add-customer]")))
                    .isEmpty();
            assertThat(browser.findElements(By.cssSelector("[data-testid=customer] button")))
                    .isEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(6)
    void theArchetypeGeneratesWithoutWarningsAndRefusesABadDomain() throws Exception {
        // The demo generated its service in batch mode: no "Property 'init' was not specified".
        String generated = Files.readString(ROOT.resolve("target/demo/logs/generate_service.log"));
        assertThat(generated).doesNotContain("was not specified");
        // Batch mode skips validationRegex; the post-generate script checks the domain.
        Path dir = Files.createDirectories(work.resolve("bad-domain"));
        List<String> command = List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-o",
                "-Daether.offline.protocols=file",
                "-s",
                System.getProperty("golden.it.settings"),
                "org.apache.maven.plugins:maven-archetype-plugin:" + pomProperty("archetype.version") + ":generate",
                "-DarchetypeGroupId=com.meatscentral.golden",
                "-DarchetypeArtifactId=golden-archetype",
                "-DarchetypeVersion=" + System.getProperty("golden.version"),
                "-DgroupId=com.example",
                "-DartifactId=bad",
                "-Dversion=1.0",
                "-Dpackage=com.example",
                "-Ddomain=Example_COM");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out)
                .contains("-Ddomain=Example_COM is not a domain name")
                .contains("fix: pass the production domain");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    @Order(7)
    void runningTheDemoAgainDeploysAgain() throws Exception {
        Demo second = demo("second");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output())
                .containsPattern("(?m)^deploy dev-backend\\s+[0-9.]+s\\s+ok$")
                .containsPattern("(?m)^deploy dev-frontend\\s+[0-9.]+s\\s+ok$")
                .contains("(HTTP 200)");
    }

    @Test
    @Order(8)
    void mvnDeployOfTheGeneratedServiceRunsThePipelineThroughTheLifecycle() throws Exception {
        // What the generated README promises: `mvn deploy -Denv=...` runs the golden goals bound by
        // golden-parent (verify, audit, tests, build, push, deploy with its migration). Here the
        // testbed's bases and registry stand in for Docker Hub and DOCR, as in the demo.
        Path service = ROOT.resolve("target/demo/demo-service");
        String registry = testbed.get("TESTBED_REGISTRY");
        List<String> command = List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-s",
                System.getProperty("golden.it.settings"),
                "deploy",
                "-Denv=dev-backend",
                "-Dgolden.registries=" + registry,
                "-Dgolden.registrySecrets=" + registry.replaceAll("/.*", "") + "=DO_ACCESS_TOKEN",
                "-Dgolden.buildArg.BASE_IMAGE=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"),
                "-Dgolden.buildArg.INSTALL_REQUIREMENTS=false",
                "-Dgolden.images=backend",
                "-Dgolden.frontend.skip=true",
                "-Dgolden.backend.test.image=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"));
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(service.toFile()).redirectErrorStream(true);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GITHUB_") || k.startsWith("DEV_") || k.equals("MAVEN_ARGS"));
        pb.environment().putAll(testbed.githubEnvironment("dev-backend"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(15, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // In lifecycle order, each bound goal ran; the deploy migrated first and is healthy.
        String golden = "golden:" + System.getProperty("golden.version") + ":";
        List<String> goals = List.of(
                golden + "verify",
                golden + "audit",
                "(backend-tests)",
                golden + "build",
                golden + "push",
                golden + "deploy");
        int at = -1;
        for (String goal : goals) {
            int next = out.indexOf(goal, at + 1);
            assertThat(next).as(goal + " after the previous goal").isGreaterThan(at);
            at = next;
        }
        assertThat(out)
                .contains("| migrate dev-backend | ok |")
                .containsPattern("dev-backend deployed [0-9a-f]{40}")
                .containsPattern("Ran \\d+ tests")
                .contains("BUILD SUCCESS");
        for (String secret : List.of(
                testbed.get("TESTBED_DB_APP_PASSWORD"),
                testbed.get("TESTBED_DB_OWNER_PASSWORD"),
                testbed.get("TESTBED_REGISTRY_PASSWORD"))) {
            assertThat(out).doesNotContain(secret);
        }
    }

    // ------------------------------------------------------------------ the operator and the users

    /**
     * The backend slot container that serves (pm-backend-1 or -2 behind the droplet's proxy): the
     * slot the proxy's live.conf names. Not "the running one": the previous version's slot may still
     * be stopping (golden does not wait for that stop) right after a deploy.
     */
    private static String servingBackend() throws Exception {
        String live = java.nio.file.Files.readString(java.nio.file.Path.of(
                testbed.get("TESTBED_STATE_DIR"), "backend/opt-pm/.golden/pm-backend-proxy/live.conf"));
        return live.contains("X-Golden-Slot 2") ? "pm-backend-2" : "pm-backend-1";
    }

    /** {@code create_tenant} in the running backend container, the password on stdin (never argv). */
    private static String createTenant(String slug, String name, String owner, String password, String... more)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "docker",
                "-H",
                testbed.get("TESTBED_BACKEND_DOCKER_HOST"),
                "exec",
                "-i",
                servingBackend(),
                "python",
                "manage.py",
                "create_tenant",
                slug,
                "--name",
                name,
                "--domain",
                slug + "." + SITE_HOST,
                "--owner",
                owner,
                "--password-stdin"));
        command.addAll(List.of(more));
        return cli(command, password + "\n");
    }

    private static String pomProperty(String name) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<" + java.util.regex.Pattern.quote(name) + ">([^<]+)</")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in the root pom.xml").isTrue();
        return m.group(1).trim();
    }

    private static String token(String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("username", user, "password", password));
        return JSON.readTree(curl("POST", "/api/v1/auth/token/", null, body))
                .path("token")
                .asText();
    }

    private static void createCustomer(String token, String name) throws Exception {
        String email = name.toLowerCase().replace(' ', '.') + "@example.test";
        JsonNode created = JSON.readTree(curl(
                "POST", "/api/v1/customers/", token, JSON.writeValueAsString(Map.of("name", name, "email", email))));
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
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--fail-with-body",
                "--max-time",
                "10",
                "--resolve",
                SITE_HOST + ":80:" + testbed.get("TESTBED_FRONTEND_IP"),
                "-X",
                method,
                "-H",
                "Accept: application/json"));
        if (token != null) {
            // A header file, so the token is not on curl's command line.
            Path header =
                    Files.writeString(work.resolve("auth-" + RUN + ".txt"), "Authorization: Token " + token + "\n");
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
        assertThat(p.exitValue())
                .as(command.get(0) + " " + command.get(command.size() - 1) + "\n" + out)
                .isZero();
        return out;
    }

    /**
     * Debian's Chromium through its chromedriver (paths given, so Selenium downloads nothing).
     * Every host name but the site's fails to resolve, and the site's is pinned to the frontend
     * droplet: the browser cannot reach anything but the testbed.
     */
    private static WebDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1024,768",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-"),
                "--host-resolver-rules=MAP " + SITE_HOST + " " + testbed.get("TESTBED_FRONTEND_IP")
                        + ", MAP * ~NOTFOUND");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The SPA's login form; returns once the tenant's customers are listed. */
    private static void logIn(WebDriver browser, WebDriverWait wait, String user, String password) {
        browser.get(SITE + "/");
        WebElement form =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[aria-label=login]")));
        assertThat(browser.findElement(By.className("environment")).getText()).isEqualTo("Environment: development");
        form.findElement(By.name("username")).sendKeys(user);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=customer]")));
    }

    /** A row's cells: name, email, parent; the name is what the user reads. */
    private static List<String> customerRows(WebDriver browser) {
        return browser.findElements(By.cssSelector("[data-testid=customer] td:first-child")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static void retype(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    private static void screenshot(WebDriver browser, String name, String who, List<String> rows) throws IOException {
        Path shots = Files.createDirectories(ROOT.resolve("it/target/screenshots"));
        Files.write(shots.resolve(name), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("SCREENSHOT " + shots.resolve(name) + " (" + who + "): " + rows);
    }

    private static List<String> inTheBrowser(String user, String password, String screenshot) throws Exception {
        WebDriver browser = chromium();
        try {
            logIn(browser, new WebDriverWait(browser, Duration.ofSeconds(20)), user, password);
            List<String> rows = customerRows(browser);
            screenshot(browser, screenshot, user, rows);
            return rows;
        } finally {
            browser.quit();
        }
    }
}
