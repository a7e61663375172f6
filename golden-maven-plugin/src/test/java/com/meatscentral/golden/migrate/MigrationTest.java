package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.ssh.EmbeddedSshd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole migration against real parts: MINA SSHD as the bastion, PostgreSQL 15 behind
 * it, and the local Docker engine running a tiny busybox image as the "backend image".
 * Needs a Docker engine (precondition failure otherwise: this test does not skip).
 */
class MigrationTest {

    static final String IMAGE = "golden-test/busybox-migrate:1";
    static final String DB_PASSWORD = "mig p@ss:w/rd%#?";
    static final String SECRET_KEY = "django-secret-key-value-42";
    static final String SSH_PASSWORD = "bastion-secret-pass";

    static LocalPostgres pg;
    static EmbeddedSshd sshd;
    static DockerClient docker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        docker = dockerOrFail();
        buildBusyboxImage(docker, dir);
        FakeDjangoImage.build(docker, dir);
        pg = new LocalPostgres("app_owner", DB_PASSWORD);
        sshd = new EmbeddedSshd(SSH_PASSWORD, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (docker != null) {
            DockerClients.closeQuietly(docker);
        }
    }

    MigrationPlan plan(int tunnelPort, List<String> command) {
        return new MigrationPlan(
                "dev-backend",
                sshd.settings(b -> {
                    b.password = SSH_PASSWORD;
                }),
                "127.0.0.1",
                pg.port,
                "postgres",
                "app_owner",
                DB_PASSWORD,
                tunnelPort,
                IMAGE,
                RegistryAuth.NONE,
                "projectmeats.settings.development",
                SECRET_KEY,
                Map.of("EXTRA_FLAG", "on"),
                command);
    }

    static final String DROP_EMAIL = """
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [("sample", "0001_initial")]

                operations = [
                    migrations.RemoveField(model_name="customer", name="email"),
                ]
            """;

    /** A Django plan whose image lists {@code pending} (pending.py's JSON) and whose migrate sleeps {@code sleep} s. */
    MigrationPlan djangoPlan(int tunnelPort, String pending, int sleep) {
        return new MigrationPlan(
                "dev-backend",
                sshd.settings(b -> {
                    b.password = SSH_PASSWORD;
                }),
                "127.0.0.1",
                pg.port,
                "postgres",
                "app_owner",
                DB_PASSWORD,
                tunnelPort,
                FakeDjangoImage.IMAGE,
                RegistryAuth.NONE,
                null,
                SECRET_KEY,
                Map.of("FAKE_PENDING", pending, "FAKE_SLEEP", String.valueOf(sleep)),
                null);
    }

    static String listing(String name, String source) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(
                        Map.of(
                                "pending",
                                        List.of(Map.of(
                                                "app",
                                                "sample",
                                                "name",
                                                name,
                                                "file",
                                                "/app/sample/migrations/" + name + ".py",
                                                "source",
                                                source,
                                                "operations",
                                                List.of("RemoveField: Remove field email from customer"))),
                                "known",
                                        List.of(
                                                Map.of(
                                                        "app",
                                                        "sample",
                                                        "name",
                                                        "0001_initial",
                                                        "file",
                                                        "/app/sample/migrations/0001_initial.py",
                                                        "source",
                                                        "operations = [migrations.CreateModel(name='Customer', fields=[('email', models.EmailField())])]"))));
    }

    @Test
    void aBreakingMigrationIsRefusedBeforeTheMigrationContainerRunsThenAcceptedByName() throws Exception {
        int port = freePort();
        String pending = listing("0002_drop_email", DROP_EMAIL);
        RecordingConsole console = new RecordingConsole();
        assertThatThrownBy(() -> new Migration(new Redactor(), console, Map.of()).run(djangoPlan(port, pending, 0)))
                .hasMessageContaining(
                        "1 pending migration is breaking for the version still running during the deploy; nothing was applied")
                .hasMessageContaining(
                        "sample.0002_drop_email (/app/sample/migrations/0002_drop_email.py:8): RemoveField customer.email:"
                                + " drops column email while the running version still selects it")
                .hasMessageContaining("split: expand: stop using email")
                .satisfies(e -> assertThat(((com.meatscentral.golden.GoldenException) e)
                                .hint()
                                .orElse(""))
                        .contains("-Dgolden.migrate.allowBreaking=sample.0002_drop_email"));
        assertThat(console.text())
                .contains("Pending migrations for dev-backend (1):")
                .contains("sample  0002_drop_email  BREAKING  RemoveField: Remove field email from customer")
                .doesNotContain("Running ")
                .doesNotContain("Operations to perform");
        assertNothingLeft(port);

        RecordingConsole accepted = new RecordingConsole();
        Migration.Result r = new Migration(new Redactor(), accepted, Map.of())
                .options(new MigrationOptions(
                        false, false, MigrationOptions.allowBreaking("sample.0002_drop_email"), null))
                .run(djangoPlan(port, pending, 0));
        assertThat(r.applied()).isTrue();
        assertThat(r.pending()).isEqualTo(1);
        assertThat(accepted.text())
                .contains("Running python manage.py migrate --fake-initial --noinput")
                .contains("  | Applying fake... OK")
                .contains("Migration lock of database postgres taken")
                .contains("cleanup: migration lock of postgres released");
        assertNothingLeft(port);
    }

    /** A safe migration: a nullable column. */
    static final String NULLABLE_NOTE = "operations = [migrations.AddField(model_name='customer', name='note',"
            + " field=models.TextField(null=True))]";

    @Test
    void theMigrationRunsInTheContainerThatListedItOnceTheListingIsJudged() throws Exception {
        String safe = listing("0002_note", NULLABLE_NOTE);
        int port = freePort();
        RecordingConsole console = new RecordingConsole();
        String since = engineTime(java.time.Instant.now()); // the engine takes fractional seconds

        Migration.Result r = new Migration(new Redactor(), console, Map.of()).run(djangoPlan(port, safe, 0));

        String until = engineTime(java.time.Instant.now().plusSeconds(1));
        assertThat(r.applied()).isTrue();
        assertThat(r.pending()).isEqualTo(1);
        assertThat(console.text())
                .containsSubsequence(
                        "Listing pending migrations:",
                        "Pending migrations for dev-backend (1):",
                        "Running python manage.py migrate --fake-initial --noinput",
                        "  | Operations to perform: manage.py migrate --fake-initial --noinput",
                        "  | Applying fake... OK",
                        "Migrations applied for dev-backend");
        // One container listed, waited for golden's verdict and ran the migration: the image started once.
        assertThat(createdBetween(since, until))
                .as("containers created for this migration")
                .hasSize(1);
        assertNothingLeft(port);
    }

    @Test
    void withInProcessOffTheMigrationGetsAContainerOfItsOwnStartedAsTheCommandSays() throws Exception {
        RecordingConsole console = new RecordingConsole();
        appliedInAContainerOfItsOwn(new Migration(new Redactor(), console, Map.of()).inProcess(false), console);
    }

    @Test
    void anEngineThatWillNotTakeTheVerdictFileGivesTheMigrationAContainerOfItsOwnAndLeavesNoneBehind()
            throws Exception {
        // An engine whose archive API refuses the file (a read-only root file system, a proxy in front of the
        // socket that allows no uploads): everything else is the real engine.
        DockerClient refusing = (DockerClient) java.lang.reflect.Proxy.newProxyInstance(
                DockerClient.class.getClassLoader(), new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "copyArchiveToContainerCmd" ->
                            throw new com.github.dockerjava.api.exception.BadRequestException(
                                    "this engine takes no files");
                        case "close" -> {
                            return null; // the test's client stays open for the other tests
                        }
                        default -> {
                            try {
                                return method.invoke(docker, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    }
                });
        RecordingConsole console = new RecordingConsole();
        appliedInAContainerOfItsOwn(new Migration(new Redactor(), console, () -> refusing), console);
        assertThat(console.text()).contains("this engine takes no files");
    }

    /** {@code migration} applies a safe pending migration in a second container and leaves nothing behind. */
    private void appliedInAContainerOfItsOwn(Migration migration, RecordingConsole console) throws Exception {
        int port = freePort();
        String since = engineTime(java.time.Instant.now());

        Migration.Result r = migration.run(djangoPlan(port, listing("0002_note", NULLABLE_NOTE), 0));

        String until = engineTime(java.time.Instant.now().plusSeconds(1));
        assertThat(r.applied()).isTrue();
        assertThat(r.pending()).isEqualTo(1);
        assertThat(console.text()).contains("  | Applying fake... OK").contains("Migrations applied for dev-backend");
        assertThat(createdBetween(since, until))
                .as("the listing's container, then the migration's")
                .hasSize(2);
        assertNothingLeft(port);
    }

    @Test
    void planOnlyListsThePendingMigrationsAndAppliesNothing() throws Exception {
        int port = freePort();
        RecordingConsole console = new RecordingConsole();
        Path summaryFile = dir.resolve("summary-" + port + ".md");
        Migration.Result r = new Migration(new Redactor(), console, Map.of())
                .options(new MigrationOptions(true, false, List.of(), null))
                .actions(new com.meatscentral.golden.ci.GitHubActions(
                        Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summaryFile.toString()), line -> {}))
                .run(djangoPlan(port, listing("0002_drop_email", DROP_EMAIL), 0));
        assertThat(r.applied()).isFalse();
        assertThat(r.pending()).isEqualTo(1);
        assertThat(console.text())
                .contains("  | settings loaded")
                .doesNotContain("GOLDEN-PENDING")
                .contains("! line 8: RemoveField customer.email")
                .contains("Nothing applied (golden.migrate.plan=true)")
                .doesNotContain("Running ")
                .doesNotContain("Migration lock");
        assertThat(Files.readString(summaryFile))
                .contains("### Pending migrations: dev-backend (1)")
                .contains(
                        "| sample | 0002_drop_email | RemoveField: Remove field email from customer | BREAKING — line 8:");
        assertNothingLeft(port);
    }

    @Test
    void aSecondRunnerWaitsForTheMigrationLockNamingItsHolder() throws Exception {
        DatabaseUrl direct = new DatabaseUrl("app_owner", DB_PASSWORD, "127.0.0.1", pg.port, "postgres");
        String safe = listing(
                "0002_note",
                "operations = [migrations.AddField(model_name='customer', name='note',"
                        + " field=models.TextField(null=True))]");
        int port = freePort();
        try (MigrationLock held = MigrationLock.acquire(
                direct,
                DatabaseTls.PREFER,
                null,
                "golden-migrate uat2-backend ci-runner-7",
                java.time.Duration.ZERO,
                new RecordingConsole())) {
            RecordingConsole console = new RecordingConsole();
            assertThatThrownBy(() -> new Migration(new Redactor(), console, Map.of())
                            .options(new MigrationOptions(false, false, List.of(), java.time.Duration.ofSeconds(2)))
                            .run(djangoPlan(port, safe, 0)))
                    .hasMessageContaining("Another migration of database postgres still holds its lock after 2 s:"
                            + " 'golden-migrate uat2-backend ci-runner-7' (pid ");
            assertThat(console.text())
                    .contains("Waiting for the migration lock of database postgres (up to 2 s), held by"
                            + " 'golden-migrate uat2-backend ci-runner-7'")
                    .doesNotContain("Running ");
            assertNothingLeft(port);

            // The holder ends while the second one waits: it goes ahead.
            RecordingConsole waiting = new RecordingConsole();
            java.util.concurrent.CompletableFuture<Migration.Result> second =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> new Migration(
                                    new Redactor(), waiting, Map.of())
                            .options(new MigrationOptions(false, false, List.of(), java.time.Duration.ofMinutes(2)))
                            .run(djangoPlan(0, safe, 0)));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!waiting.text().contains("Waiting for the migration lock")
                    && System.nanoTime() < deadline
                    && !second.isDone()) {
                Thread.sleep(100);
            }
            assertThat(waiting.text())
                    .contains("Waiting for the migration lock")
                    .doesNotContain("Running ");
            held.close();
            assertThat(second.get(2, TimeUnit.MINUTES).applied()).isTrue();
            assertThat(waiting.text())
                    .containsPattern("Migration lock of database postgres taken after waiting \\d+ s");
        }
    }

    @Test
    void successPassesEnvStreamsRedactedOutputAndCleansUp() throws Exception {
        int port = freePort();
        RecordingConsole console = new RecordingConsole();
        Redactor redactor = new Redactor();
        Migration.Result result = new Migration(redactor, console, Map.of())
                .run(plan(
                        port,
                        List.of(
                                "sh",
                                "-c",
                                "echo \"url=$DATABASE_URL\"; echo \"key=$SECRET_KEY\"; echo \"settings=$DJANGO_SETTINGS_MODULE extra=$EXTRA_FLAG\";"
                                        + " nc -w 5 127.0.0.1 " + port
                                        + " </dev/null && echo tunnel-reachable-from-container")));
        assertThat(result.exitCode()).isZero();
        assertThat(result.databaseVersion()).startsWith("PostgreSQL 15");
        String log = console.text();
        assertThat(log)
                .contains("  | settings=projectmeats.settings.development extra=on")
                .contains("  | tunnel-reachable-from-container")
                .contains("  | key=****")
                .contains("  | url=****") // the whole URL is registered
                .contains("DATABASE_URL=postgresql://app_owner:****@127.0.0.1:" + port + "/postgres")
                .doesNotContain(SECRET_KEY)
                .doesNotContain(DB_PASSWORD)
                .doesNotContain(DatabaseUrl.encode(DB_PASSWORD))
                .contains("cleanup: migration container removed")
                .contains("cleanup: tunnel 127.0.0.1:" + port + " closed")
                .contains("cleanup: SSH disconnected")
                .contains("step tunnel+check:");
        assertThat(log).doesNotContain("lacks --fake-initial"); // not a Django command: no warning
        assertNothingLeft(port);
    }

    @Test
    void nonZeroExitFailsWithTheCodeAndLastLinesRedacted() throws Exception {
        int port = freePort();
        RecordingConsole console = new RecordingConsole();
        assertThatThrownBy(() -> new Migration(new Redactor(), console, Map.of())
                        .run(plan(port, List.of("sh", "-c", "echo applying; echo \"boom $SECRET_KEY\" >&2; exit 3"))))
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage())
                            .contains("exited with code 3")
                            .contains("boom ****")
                            .doesNotContain(SECRET_KEY);
                });
        assertNothingLeft(port);
    }

    @Test
    void djangoCommandWithoutTheGoldenFlagsIsWarnedAbout() {
        MigrationPlan plan = plan(0, List.of("python", "manage.py", "migrate"));
        assertThat(plan.commandWarnings()).singleElement().asString().contains("lacks --fake-initial --noinput");
        assertThat(plan(0, null).command())
                .containsExactly("python", "manage.py", "migrate", "--fake-initial", "--noinput");
        assertThat(plan(0, null).commandWarnings()).isEmpty();
        assertThat(plan(0, null).toString())
                .doesNotContain(DB_PASSWORD)
                .doesNotContain(SECRET_KEY)
                .doesNotContain(SSH_PASSWORD);
    }

    @Test
    void aFailedDatabaseCheckRunsNoContainerAndCleansUp() throws Exception {
        int port = freePort();
        MigrationPlan wrong = new MigrationPlan(
                "dev-backend",
                sshd.settings(),
                "127.0.0.1",
                pg.port,
                "postgres",
                "app_owner",
                "not-the-password",
                port,
                IMAGE,
                null,
                null,
                SECRET_KEY,
                null,
                null);
        RecordingConsole console = new RecordingConsole();
        assertThatThrownBy(() -> new Migration(new Redactor(), console, Map.of()).run(wrong))
                .hasMessageContaining("Database login refused");
        assertThat(console.text()).doesNotContain("Running ").contains("cleanup: SSH disconnected");
        assertNothingLeft(port);
    }

    @Test
    void aKillRequestedBeforeTheContainerStartsStopsItOnceStarted() {
        // The bastion can die between "Running ..." and the container's start.
        MigrationContainer container = new MigrationContainer(docker, new Redactor(), new RecordingConsole());
        try {
            container.kill();
            assertThat(container.run(
                            IMAGE,
                            Map.of(),
                            List.of("sleep", "600"),
                            "golden-migrate-kill-test-"
                                    + ProcessHandle.current().pid(),
                            java.time.Duration.ofMinutes(5)))
                    .isEqualTo(137);
        } finally {
            container.remove();
        }
    }

    @Test
    void ctrlCDuringTheMigrationCleansUpEverything() throws Exception {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>();
        // A JVM started by a shell that runs it in the background inherits SIGINT as ignored and then
        // never sees Ctrl-C: reset the disposition for the child (coreutils env), and check it below.
        if (Files.isExecutable(Path.of("/usr/bin/env")) && envResetsSignals()) {
            command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MigrationMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment()
                .putAll(Map.of(
                        "T_SSH_USER",
                        EmbeddedSshd.USER,
                        "T_SSH_PORT",
                        String.valueOf(sshd.port()),
                        "T_SSH_PASSWORD",
                        SSH_PASSWORD,
                        "T_SSH_FP",
                        sshd.fingerprint(),
                        "T_PG_PORT",
                        String.valueOf(pg.port),
                        "T_DB_PASSWORD",
                        DB_PASSWORD,
                        "T_TUNNEL_PORT",
                        String.valueOf(port),
                        "T_IMAGE",
                        IMAGE));
        Process p = pb.start();
        StringBuffer out = new StringBuffer();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(
                () -> {
                    try (java.io.BufferedReader r =
                            new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            out.append(line).append('\n');
                            if (line.startsWith("INFO Running ")) {
                                running.countDown();
                            }
                        }
                    } catch (IOException e) {
                        out.append("(reading the child's output failed: ")
                                .append(e.getMessage())
                                .append(")\n");
                    }
                },
                "migration-main-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertThat(running.await(120, TimeUnit.SECONDS))
                    .as("the migration started\n" + out)
                    .isTrue();
            assertThat(sigintIgnored(p.pid()))
                    .as("PRECONDITION: the child JVM ignores SIGINT (it was started with SIGINT"
                            + " ignored, e.g. as a background job of a non-interactive shell, and `env --default-signal` is"
                            + " missing): Ctrl-C cannot be tested here\n" + out)
                    .isFalse();
            // What Ctrl-C sends to the foreground JVM.
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("the JVM ended after SIGINT\n" + out)
                    .isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } finally {
            p.destroyForcibly();
        }
        assertThat(out.toString())
                .contains("INFO Running ")
                .contains("interrupted: cleaning up")
                .contains("cleanup: migration container removed")
                .contains("cleanup: tunnel 127.0.0.1:" + port + " closed")
                .contains("cleanup: SSH disconnected");
        assertNothingLeft(port);
    }

    /** Whether /usr/bin/env knows --default-signal (coreutils 8.31+). */
    private static boolean envResetsSignals() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true")
                .redirectErrorStream(true)
                .start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** SigIgn of /proc/PID/status has bit 1 (signal 2, SIGINT) set. */
    static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16))
                .anyMatch(mask -> (mask & 0b10) != 0);
    }

    /** The ids of the migration containers (golden's label) the engine created between {@code since} and {@code until}. */
    private static List<String> createdBetween(String since, String until) throws InterruptedException {
        List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        docker.eventsCmd()
                .withSince(since)
                .withUntil(until)
                .withEventFilter("create")
                .withLabelFilter(Map.of("com.meatscentral.golden", "migrate"))
                .exec(
                        new com.github.dockerjava.api.async.ResultCallback.Adapter<
                                com.github.dockerjava.api.model.Event>() {
                            @Override
                            public void onNext(com.github.dockerjava.api.model.Event e) {
                                created.add(e.getId());
                            }
                        })
                .awaitCompletion(30, TimeUnit.SECONDS);
        return List.copyOf(created);
    }

    private static String engineTime(java.time.Instant t) {
        return String.format(java.util.Locale.ROOT, "%d.%09d", t.getEpochSecond(), t.getNano());
    }

    private static void assertNothingLeft(int port) {
        assertThat(docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of("com.meatscentral.golden", "migrate"))
                        .exec())
                .as("no migration container left")
                .isEmpty();
        assertThat(DatabaseCheckTest.canBind(port))
                .as("nothing listens on the tunnel port")
                .isTrue();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static DockerClient dockerOrFail() {
        try {
            return DockerClients.connect(System.getenv());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "PRECONDITION: MigrationTest needs a Docker engine (DOCKER_HOST or /var/run/docker.sock): "
                            + e.getMessage(),
                    e);
        }
    }

    /** FROM scratch + a static busybox: a few hundred KB, no registry needed. */
    static void buildBusyboxImage(DockerClient docker, Path dir) throws IOException, InterruptedException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IllegalStateException(
                    "PRECONDITION: /bin/busybox is missing: run it/setup-machine.sh (installs busybox-static)");
        }
        Path ctx = Files.createDirectories(dir.resolve("image"));
        Files.copy(busybox, ctx.resolve("busybox"));
        Files.writeString(
                ctx.resolve("Dockerfile"),
                "FROM scratch\nCOPY busybox /bin/busybox\n"
                        + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        docker.buildImageCmd(ctx.toFile())
                .withTags(Set.of(IMAGE))
                .exec(new BuildImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES);
        docker.inspectImageCmd(IMAGE).exec(); // the tag exists: the build worked
    }
}
