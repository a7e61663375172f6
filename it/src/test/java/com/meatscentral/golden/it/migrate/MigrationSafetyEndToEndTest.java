package com.meatscentral.golden.it.migrate;

import static com.meatscentral.golden.it.migrate.MigrateEndToEndTest.canBind;
import static com.meatscentral.golden.it.migrate.MigrateEndToEndTest.freePort;
import static com.meatscentral.golden.it.migrate.MigrateEndToEndTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.it.migrate.MigrateEndToEndTest.Run;
import com.meatscentral.golden.it.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #18 on the testbed, against a database of its own (created and dropped through the
 * bastion by golden:migrate itself), from a service checkout holding the sample Django app
 * ({@code backend/}) whose migration files follow each image, as a pipeline's checkout follows
 * its commit: the pending list and SQL, an image built from another commit than the checkout
 * (the cross-check says so), a breaking migration refused from the checkout's files before any
 * container is created on the engine that runs them (its events are read) and then accepted by
 * name, two concurrent migrations of one database (the second waits for the advisory lock and
 * names the holder), and golden:status counting 0 pending afterwards without a container.
 */
@Tag("testbed")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationSafetyEndToEndTest {

    static final Path ROOT = MigrateEndToEndTest.ROOT;

    static final String NOTE = """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                dependencies = [("sample_tenants", "0002_customer")]

                operations = [
                    migrations.AddField(model_name="customer", name="note", field=models.TextField(null=True, blank=True)),
                ]
            """;

    static final String DROP_EMAIL = """
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [("sample_tenants", "0003_customer_note")]

                operations = [
                    migrations.RemoveConstraint(model_name="customer", name="sample_cust_unique_email_per_tenant"),
                    migrations.RemoveIndex(model_name="customer", name="sample_cust_tenant_email"),
                    migrations.RemoveField(model_name="customer", name="email"),
                ]
            """;

    static final String SLOW = """
            import time

            from django.db import migrations


            def slowly(apps, schema_editor):
                time.sleep(20)


            class Migration(migrations.Migration):
                dependencies = [("sample_tenants", "0004_drop_customer_email")]

                operations = [migrations.RunPython(slowly, reverse_code=migrations.RunPython.noop)]
            """;

    Testbed testbed;
    Map<String, String> secrets;
    Path work;
    Path project;
    String database;
    final List<String> images = new ArrayList<>();

    @BeforeAll
    void imagesProjectAndDatabase() throws Exception {
        testbed = Testbed.load();
        secrets = testbed.githubEnvironment("dev-backend");
        work = Files.createTempDirectory("golden-migrate-safety-e2e");
        project = Files.createDirectories(work.resolve("service"));
        Files.createDirectories(project.resolve("config"));
        Files.copy(ROOT.resolve("config/env.manifest.json"), project.resolve("config/env.manifest.json"));
        Run backend = run(
                List.of(
                        "cp",
                        "-r",
                        ROOT.resolve("it/src/test/resources/sample-django").toString(),
                        project.resolve("backend").toString()),
                ROOT,
                Map.of());
        assertThat(backend.exit()).as(backend.output()).isZero();
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
        database = "golden_migrate_e2e_" + Long.toHexString(System.nanoTime());
        Run created = sql("CREATE DATABASE " + database);
        assertThat(created.exit()).as(created.output()).isZero();
    }

    @AfterAll
    void dropDatabaseAndImages() throws Exception {
        try {
            if (database != null) {
                Run dropped = sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                assertThat(dropped.exit()).as(dropped.output()).isZero();
            }
        } finally {
            for (String image : images) {
                run(List.of("docker", "rmi", "-f", image), ROOT, Map.of());
            }
            if (work != null) {
                run(List.of("rm", "-rf", work.toString()), ROOT, Map.of());
            }
        }
    }

    @Test
    void pendingSqlBreakingRefusedThenAcceptedTwoRunnersOneLockStatusZero() throws Exception {
        String base = image("base", Map.of());
        Map<String, String> breakingFiles =
                Map.of("0003_customer_note.py", NOTE, "0004_drop_customer_email.py", DROP_EMAIL);
        String breaking = image("breaking", breakingFiles);
        Map<String, String> slowFiles = new HashMap<>(breakingFiles);
        slowFiles.put("0005_slow.py", SLOW);
        String slow = image("slow", slowFiles);

        Run plan = migrate(base, "-Dgolden.migrate.plan=true");
        assertThat(plan.exit()).as(plan.output()).isZero();
        assertThat(plan.output())
                .contains("Pending migrations for dev-backend in the checkout (2):")
                .containsPattern("Pending migrations for dev-backend \\(\\d+\\):")
                .containsPattern("sample_tenants +0001_initial +safe +CreateModel: Create model Tenant")
                .containsPattern("sample_tenants +0002_customer +safe +CreateModel: Create model Customer")
                .contains("Cross-check: the image " + base
                        + " and the checkout agree on the 2 pending migrations of the checkout's apps")
                .contains("Nothing applied (golden.migrate.plan=true)")
                .doesNotContain("Running python manage.py migrate");

        Run sql = migrate(base, "-Dgolden.migrate.sql=true");
        assertThat(sql.exit()).as(sql.output()).isZero();
        assertThat(sql.output())
                .contains("-- sample_tenants.0002_customer (/app/sample_tenants/migrations/0002_customer.py)")
                .contains("CREATE TABLE \"sample_tenants_customer\"")
                .contains("Nothing applied (golden.migrate.sql=true)");

        Run first = migrate(base);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output())
                .contains("Applying sample_tenants.0002_customer... OK")
                .contains("Migration lock of database **** taken");

        // An image built from another commit than the checkout: the cross-check names the difference.
        Run otherCommit = migrate(breaking, "-Dgolden.migrate.plan=true");
        assertThat(otherCommit.exit()).as(otherCommit.output()).isZero();
        assertThat(otherCommit.output())
                .contains("Pending migrations for dev-backend in the checkout: none")
                .contains("The image's pending migrations differ from the checkout's: was " + breaking
                        + " built from another commit than the checkout")
                .contains("? only in the image: sample_tenants.0003_customer_note,"
                        + " sample_tenants.0004_drop_customer_email. The image's are what migrate applies");

        // The checkout moves to the breaking commit: refused from its files, before any container.
        checkout(breakingFiles);
        long since = engineSeconds();
        Run refused = migrate(breaking);
        long until = engineSeconds() + 1;
        System.out.println("=== refused\n" + refused.output());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output())
                .contains("Pending migrations for dev-backend in the checkout (2):")
                .containsPattern("sample_tenants +0003_customer_note +safe +AddField customer.note")
                .containsPattern("sample_tenants +0004_drop_customer_email +BREAKING")
                .contains("1 pending migration is breaking for the version still running during the deploy;"
                        + " refused before any container ran; nothing was applied")
                .contains(
                        "sample_tenants.0004_drop_customer_email (backend/sample_tenants/migrations/0004_drop_customer_email.py:10):"
                                + " RemoveField customer.email: drops column email while the running version still selects it")
                .contains("-Dgolden.migrate.allowBreaking=sample_tenants.0004_drop_customer_email")
                .doesNotContain("step image")
                .doesNotContain("Listing pending migrations")
                .doesNotContain("Running python manage.py migrate")
                .doesNotContain("Migration lock of database");
        assertThat(containersCreated(breaking, since, until))
                .as("containers the engine created from " + breaking + " during the refused run")
                .isEmpty();
        Run stillPending = migrate(breaking, "-Dgolden.migrate.plan=true");
        assertThat(stillPending.output()).contains("Pending migrations for dev-backend (2):");

        since = engineSeconds();
        Run accepted = migrate(breaking, "-Dgolden.migrate.allowBreaking=sample_tenants.0004_drop_customer_email");
        until = engineSeconds() + 1;
        assertThat(accepted.exit()).as(accepted.output()).isZero();
        assertThat(accepted.output())
                .contains("Applying sample_tenants.0003_customer_note... OK")
                .contains("Applying sample_tenants.0004_drop_customer_email... OK");
        // The same watch sees the accepted run's container (it can see containers): one, which listed the
        // pending migrations, waited for golden's verdict and then ran the migration itself.
        assertThat(containersCreated(breaking, since, until)).hasSize(1);

        // Two runners, one database: the second waits for the first's advisory lock.
        checkout(slowFiles);
        lockTaken = false;
        CompletableFuture<Run> one = CompletableFuture.supplyAsync(() -> migrateUnchecked(slow));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!one.isDone() && System.nanoTime() < deadline && !holdsLock()) {
            Thread.sleep(200);
        }
        Run two = migrate(slow);
        Run oneRun = one.get(5, TimeUnit.MINUTES);
        System.out.println("=== first runner\n" + oneRun.output() + "\n=== second runner\n" + two.output());
        assertThat(oneRun.exit()).as(oneRun.output()).isZero();
        assertThat(oneRun.output()).contains("Applying sample_tenants.0005_slow... OK");
        assertThat(two.exit()).as(two.output()).isZero();
        assertThat(two.output())
                .contains("Waiting for the migration lock of database ****")
                .containsPattern("held by 'golden-migrate dev-backend [^']+ pid \\d+' \\(pid \\d+, user ")
                .containsPattern("Migration lock of database \\*\\*\\*\\* taken after waiting \\d+ s")
                .contains("Cross-check: the image " + slow + " and the checkout agree on the 0 pending migrations")
                .contains("No migrations to apply.");

        // status: the checkout against django_migrations, no container; the image's listing on request.
        since = engineSeconds();
        Run status = golden("golden:status", Map.of("DEV_DB_NAME", database), "-Dgolden.migrate.image=" + slow);
        until = engineSeconds() + 1;
        System.out.println("=== status\n" + status.output());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output())
                .contains("Pending migrations for dev-backend in the checkout: none")
                .contains("golden:status dev-backend: 0 pending migrations (the checkout " + project
                        + " against django_migrations, no container)");
        assertThat(containersCreated(slow, since, until)).isEmpty();
        Run fromImage = golden(
                "golden:status",
                Map.of("DEV_DB_NAME", database),
                "-Dgolden.migrate.image=" + slow,
                "-Dgolden.status.pendingFromImage=true");
        System.out.println("=== status, pendingFromImage\n" + fromImage.output());
        assertThat(fromImage.exit()).as(fromImage.output()).isZero();
        assertThat(fromImage.output())
                .contains("Pending migrations for dev-backend: none")
                .contains("golden:status dev-backend: 0 pending migrations (image " + slow + ")");
    }

    /** The service checkout's backend moves to the commit whose migrations are {@code migrations}. */
    void checkout(Map<String, String> migrations) throws Exception {
        for (Map.Entry<String, String> m : migrations.entrySet()) {
            Files.writeString(
                    project.resolve("backend/sample_tenants/migrations").resolve(m.getKey()), m.getValue());
        }
    }

    /** The Docker engine's clock (the migration containers run on this machine's engine), in epoch seconds. */
    long engineSeconds() throws Exception {
        Run r = run(List.of("docker", "info", "--format", "{{.SystemTime}}"), ROOT, Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        return java.time.OffsetDateTime.parse(r.output().strip()).toEpochSecond();
    }

    /** The containers the engine created from {@code image} between two of its times (its event log). */
    List<String> containersCreated(String image, long since, long until) throws Exception {
        Run r = run(
                List.of(
                        "docker",
                        "events",
                        "--since",
                        String.valueOf(since),
                        "--until",
                        String.valueOf(until),
                        "--filter",
                        "type=container",
                        "--filter",
                        "event=create",
                        "--filter",
                        "image=" + image,
                        "--format",
                        "{{.Actor.Attributes.name}}"),
                ROOT,
                Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }

    /** True once a runner logged that it holds the lock (reading pg_locks from here would need another tunnel). */
    private volatile boolean lockTaken;

    private boolean holdsLock() {
        return lockTaken;
    }

    String image(String name, Map<String, String> migrations) throws Exception {
        Path ctx = work.resolve("image-" + name);
        Run copy = run(
                List.of(
                        "cp",
                        "-r",
                        ROOT.resolve("it/src/test/resources/sample-django").toString(),
                        ctx.toString()),
                ROOT,
                Map.of());
        assertThat(copy.exit()).as(copy.output()).isZero();
        for (Map.Entry<String, String> m : migrations.entrySet()) {
            Files.writeString(ctx.resolve("sample_tenants/migrations").resolve(m.getKey()), m.getValue());
        }
        String image = "golden-e2e/sample-django-safety:" + name + "-" + Long.toHexString(System.nanoTime());
        Run build = run(
                List.of(
                        "docker",
                        "build",
                        "-q",
                        "--build-arg",
                        "BASE_IMAGE=" + testbed.get("TESTBED_BASE_IMAGE_PYTHON"),
                        "-t",
                        image,
                        ctx.toString()),
                ROOT,
                Map.of());
        assertThat(build.exit()).as(build.output()).isZero();
        images.add(image);
        return image;
    }

    /** Runs SQL on the environment's own database (autocommit) through golden:migrate with a custom command. */
    Run sql(String statement) throws Exception {
        String base = image("psql", Map.of());
        // Django runs in autocommit outside atomic blocks: CREATE/DROP DATABASE may not run in a transaction.
        return golden(
                "golden:migrate",
                Map.of(),
                "-Dgolden.migrate.image=" + base,
                "-Dgolden.migrate.command=python manage.py shell -c \"from django.db import connection;"
                        + " connection.cursor().execute('" + statement + "')\"");
    }

    Run migrate(String image, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-Dgolden.migrate.image=" + image));
        args.addAll(List.of(extra));
        return golden("golden:migrate", Map.of("DEV_DB_NAME", database), args.toArray(String[]::new));
    }

    Run migrateUnchecked(String image) {
        try {
            return golden(
                    "golden:migrate", Map.of("DEV_DB_NAME", database), new String[] {"-Dgolden.migrate.image=" + image
                    });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Run golden(String goal, Map<String, String> overrides, String... extra) throws Exception {
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
                goal,
                "-Denv=dev-backend",
                "-Dgolden.ssh.port=" + testbed.get("TESTBED_SSH_PORT"),
                "-Dgolden.tunnel.port=" + port));
        cmd.addAll(List.of(extra));
        Run r = run(cmd, project, env, line -> {
            if (line.contains("Migration lock of database **** taken")) {
                lockTaken = true;
            }
        });
        for (Map.Entry<String, String> s : env.entrySet()) {
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
        return r;
    }
}
