package com.meatscentral.golden.it.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.testbed.Testbed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code mvn golden:migrate -Denv=dev-backend} against the testbed: the real OpenSSH bastion
 * (the backend droplet), the PostgreSQL only it can reach, the sample Django app's real
 * migrations in the testbed's Debian-built python base image; then faults. After every run:
 * no container left, nothing listening on the tunnel port, no secret value in the output.
 */
@Tag("testbed")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateEndToEndTest {

    static final Path ROOT = Path.of(System.getProperty("golden.repo.root", ".."))
            .toAbsolutePath()
            .normalize();

    Path work;

    Testbed testbed;
    Map<String, String> secrets;
    String image;
    Path project;

    record Run(int exit, String output) {}

    @BeforeAll
    void sampleAppImageAndProject() throws Exception {
        testbed = Testbed.load();
        secrets = testbed.githubEnvironment("dev-backend");
        image = "golden-e2e/sample-django:dev-backend-" + Long.toHexString(System.nanoTime());
        Run build = run(
                List.of(
                        "docker",
                        "build",
                        "-q",
                        "--build-arg",
                        "BASE_IMAGE=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"),
                        "-t",
                        image,
                        ROOT.resolve("it/src/test/resources/sample-django").toString()),
                ROOT,
                Map.of());
        assertThat(build.exit()).as(build.output()).isZero();
        work = Files.createTempDirectory("golden-migrate-e2e");
        project = Files.createDirectories(work.resolve("service"));
        Files.createDirectories(project.resolve("config"));
        Files.copy(ROOT.resolve("config/env.manifest.json"), project.resolve("config/env.manifest.json"));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>projectmeats</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <build><plugins><plugin>
                    <groupId>com.meatscentral.golden</groupId>
                    <artifactId>golden-maven-plugin</artifactId>
                    <version>%s</version>
                  </plugin></plugins></build>
                </project>
                """.formatted(System.getProperty("golden.version")));
    }

    @AfterAll
    void removeImage() throws Exception {
        if (image != null) {
            run(List.of("docker", "rmi", "-f", image), ROOT, Map.of());
        }
        if (work != null) {
            run(List.of("rm", "-rf", work.toString()), ROOT, Map.of());
        }
    }

    @Test
    void migratesThenIsIdempotentThenFailsClearlyOnFaults() throws Exception {
        // From zero, with the goal itself (a Django command without the golden flags: warned).
        Run zero = migrate(Map.of(), "-Dgolden.migrate.command=python manage.py migrate sample_tenants zero --noinput");
        assertThat(zero.exit()).as(zero.output()).isZero();
        assertThat(zero.output()).contains("lacks --fake-initial");

        Run first = migrate(Map.of());
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output())
                .contains("Database reachable through the tunnel: PostgreSQL")
                .contains("Applying sample_tenants.0001_initial... OK")
                .contains("Applying sample_tenants.0002_customer... OK")
                .contains("cleanup: migration container removed")
                .contains("(tunnel usable)");

        Run again = migrate(Map.of());
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("No migrations to apply.");

        Run exit3 = migrate(Map.of(), "-Dgolden.migrate.command=python -c exit(3)");
        assertThat(exit3.exit()).isNotZero();
        assertThat(exit3.output()).contains("The migration container exited with code 3");

        Map<String, String> wrongPassword = new HashMap<>();
        wrongPassword.put("DEV_SSH_PASSWORD", "wrong-password-" + System.nanoTime());
        wrongPassword.put("DEV_SSH_PRIVATE_KEY", "");
        Run refused = migrate(wrongPassword);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output())
                .contains("SSH login refused for")
                .contains("rejected the password")
                .doesNotContain(wrongPassword.get("DEV_SSH_PASSWORD"));

        String otherKey = testbed.get("TESTBED_FRONTEND_HOST_FINGERPRINT");
        Run changed = migrate(Map.of("DEV_SSH_HOST_FINGERPRINT", otherKey));
        assertThat(changed.exit()).isNotZero();
        assertThat(changed.output())
                .contains("does not match the pinned fingerprint")
                .contains("expected: " + otherKey)
                .contains("presented: " + secrets.get("DEV_SSH_HOST_FINGERPRINT"));

        Run wrongDb = migrate(Map.of("DEV_DB_PASSWORD", "not-the-db-password-" + System.nanoTime()));
        assertThat(wrongDb.exit()).isNotZero();
        assertThat(wrongDb.output()).contains("Database login refused").contains("28P01");
    }

    @Test
    void debugOutputLeaksNoSecretEither() throws Exception {
        // mvn -X: every logger at debug, docker-java's HTTP client included (request bodies
        // carry the container's env, headers the registry login). migrate() greps the output,
        // also for an extra container variable given by name (golden.migrate.envFrom): Maven's
        // parameter dump shows the name only, and the value reaches the container masked.
        Run r = migrate(
                Map.of(
                        "E2E_SENTRY_DSN",
                        "https://e2e-dsn-" + Long.toHexString(System.nanoTime()) + "@sentry.example/1"),
                "-X",
                "-Dgolden.migrate.envFrom=SENTRY_DSN=E2E_SENTRY_DSN");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("migrateEnvFrom = [SENTRY_DSN=E2E_SENTRY_DSN]");
        assertThat(r.output()).contains("[DEBUG]").contains("Migrations applied for dev-backend");
    }

    @Test
    void databaseDownNamesTheForwardLeg() throws Exception {
        fault("stop-db");
        try {
            Run r = migrate(Map.of());
            assertThat(r.exit()).isNotZero();
            assertThat(r.output()).contains("SSH login worked, but the bastion cannot reach");
        } finally {
            fault("undo", "stop-db");
        }
    }

    @Test
    void bastionLinkDownMidMigrationIsNoticedByKeepAliveAndCleanedUp() throws Exception {
        // The link goes down: no FIN, no RST. Only the keep-alive (2 s x 3 here) can notice.
        Run r = migrateWithFaultWhileRunning(
                "block-droplet", "-Dgolden.ssh.keepAliveInterval=2", "-Dgolden.ssh.keepAliveCount=3");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output())
                .contains("SSH connection to the bastion lost during the migration")
                .contains("cleanup: migration container removed")
                .contains("closed");
    }

    @Test
    void bastionSshdKilledMidMigrationFailsAndCleansUp() throws Exception {
        Run r = migrateWithFaultWhileRunning("kill-bastion-sshd");
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("lost during the migration").contains("cleanup: migration container removed");
    }

    /** Starts a migration that sleeps, injects the fault once the container runs, undoes it after. */
    Run migrateWithFaultWhileRunning(String fault, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        // Quoted as a shell would: the command is split into words like a shell splits them.
        args.add("-Dgolden.migrate.command=python -c \"__import__('time').sleep(120)\"");
        java.util.concurrent.CompletableFuture<Void> running = new java.util.concurrent.CompletableFuture<>();
        Thread injector = new Thread(() -> {
            try {
                running.get(5, TimeUnit.MINUTES);
                fault(fault);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        injector.setDaemon(true);
        injector.start();
        try {
            Run r = migrate(
                    Map.of(),
                    line -> {
                        if (line.contains("] Running ")) {
                            running.complete(null);
                        }
                    },
                    args.toArray(String[]::new));
            System.out.println("=== " + fault + "\n" + r.output());
            // Killed (137), not run to the end of its sleep: the loss was acted on while it ran.
            assertThat(r.output()).contains("(exit 137)");
            return r;
        } finally {
            running.complete(null);
            injector.join(60_000);
            fault("undo", fault);
        }
    }

    void fault(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(ROOT.resolve("it/testbed/fault.sh").toString()));
        cmd.addAll(List.of(args));
        Run r = run(cmd, ROOT, Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
    }

    Run migrate(Map<String, String> overrides, String... extra) throws Exception {
        return migrate(overrides, line -> {}, extra);
    }

    /** Runs the goal with the dev-backend secrets (plus overrides) on a fresh tunnel port; checks what is left behind. */
    Run migrate(Map<String, String> overrides, java.util.function.Consumer<String> onLine, String... extra)
            throws Exception {
        int port = freePort();
        Map<String, String> env = new HashMap<>(secrets);
        env.putAll(overrides);
        env.values().removeIf(String::isEmpty);
        List<String> cmd = new ArrayList<>(List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-s",
                System.getProperty("golden.it.settings"),
                "-Dmaven.repo.local=" + System.getProperty("golden.it.localRepo"),
                "golden:migrate",
                "-Denv=dev-backend",
                "-Dgolden.migrate.image=" + image,
                "-Dgolden.ssh.port=" + testbed.get("TESTBED_SSH_PORT"),
                "-Dgolden.tunnel.port=" + port));
        cmd.addAll(List.of(extra));
        Run r = run(cmd, project, env, onLine);
        // Leak check: no secret value of the environment in the whole Maven output.
        for (Map.Entry<String, String> s : env.entrySet()) {
            // (port and database name are short common words; a fingerprint is public and shown on purpose)
            if (s.getValue().length() >= 6
                    && !s.getKey().endsWith("_PORT")
                    && !s.getKey().endsWith("_NAME")
                    && !s.getKey().endsWith("FINGERPRINT")) {
                for (String line : s.getValue().split("\n")) {
                    if (line.strip().length() >= 6 && !line.startsWith("-----")) {
                        assertThat(r.output())
                                .as("value of " + s.getKey() + " leaked")
                                .doesNotContain(line.strip());
                    }
                }
            }
        }
        assertThat(canBind(port))
                .as("nothing listens on tunnel port " + port + " after the goal")
                .isTrue();
        // Only this test's image: other goals' tests may run migration containers at the same time.
        Run left = run(
                List.of(
                        "docker",
                        "ps",
                        "-aq",
                        "--filter",
                        "label=com.meatscentral.golden=migrate",
                        "--filter",
                        "ancestor=" + image),
                ROOT,
                Map.of());
        assertThat(left.output().strip()).as("migration containers left").isEmpty();
        return r;
    }

    static Run run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        return run(command, dir, env, line -> {});
    }

    static Run run(List<String> command, Path dir, Map<String, String> env, java.util.function.Consumer<String> onLine)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        List.of(
                        "GITHUB_TOKEN",
                        "GITHUB_SHA",
                        "GITHUB_ACTIONS",
                        "GITHUB_OUTPUT",
                        "GITHUB_STEP_SUMMARY",
                        "MAVEN_ARGS",
                        "DOCKER_HOST")
                .forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (java.io.BufferedReader reader =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.append(line).append('\n');
                onLine.accept(line);
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + command.get(0));
        }
        return new Run(p.exitValue(), out.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
