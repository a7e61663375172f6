package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.RecordingConsole;
import com.meatscentral.golden.image.DockerClients;
import com.meatscentral.golden.secrets.Redactor;
import com.meatscentral.golden.ssh.EmbeddedSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety check before any container, against real parts: MINA SSHD as the bastion,
 * PostgreSQL behind it with a django_migrations table, the service checkout's migration files
 * on disk, and the local Docker engine behind a supplier that counts how often golden asks for
 * it. A refusal from the checkout happens before Docker is even asked for.
 */
class CheckoutPreCheckTest {

    static final String INITIAL = CheckoutMigrationsTest.INITIAL;
    static final String DROP_EMAIL = CheckoutMigrationsTest.DROP_EMAIL.replace("customers", "sample");

    static LocalPostgres pg;
    static EmbeddedSshd sshd;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        DockerClient docker = MigrationTest.dockerOrFail();
        try {
            MigrationTest.buildBusyboxImage(docker, dir);
            FakeDjangoImage.build(docker, dir);
        } finally {
            DockerClients.closeQuietly(docker);
        }
        pg = new LocalPostgres("app_owner", MigrationTest.DB_PASSWORD);
        sshd = new EmbeddedSshd(MigrationTest.SSH_PASSWORD, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    final AtomicInteger dockerAsked = new AtomicInteger();

    Migration migration(RecordingConsole console, Path checkout) {
        Supplier<DockerClient> docker = () -> {
            dockerAsked.incrementAndGet();
            return DockerClients.connect(System.getenv());
        };
        return new Migration(new Redactor(), console, docker).checkout(checkout);
    }

    /** A new database whose django_migrations holds {@code applied} (app.name); null = no such table. */
    static String database(List<String> applied) throws Exception {
        String name = "precheck_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres",
                        "app_owner",
                        MigrationTest.DB_PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        if (applied != null) {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pg.port + "/" + name,
                            "app_owner",
                            MigrationTest.DB_PASSWORD);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE django_migrations (id serial PRIMARY KEY, app varchar(255) NOT NULL,"
                        + " name varchar(255) NOT NULL, applied timestamptz NOT NULL DEFAULT now())");
                for (String id : applied) {
                    String[] p = id.split("\\.");
                    st.execute("INSERT INTO django_migrations (app, name) VALUES ('" + p[0] + "', '" + p[1] + "')");
                }
            }
        }
        return name;
    }

    MigrationPlan plan(int port, String database, String imageListing) {
        return new MigrationPlan(
                "dev-backend",
                sshd.settings(b -> {
                    b.password = MigrationTest.SSH_PASSWORD;
                }),
                "127.0.0.1",
                pg.port,
                database,
                "app_owner",
                MigrationTest.DB_PASSWORD,
                port,
                FakeDjangoImage.IMAGE,
                RegistryAuth.NONE,
                null,
                MigrationTest.SECRET_KEY,
                Map.of("FAKE_PENDING", imageListing, "FAKE_SLEEP", "0"),
                null);
    }

    Path checkout(String name, Map<String, String> migrations) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        Path migrationsDir = Files.createDirectories(root.resolve("backend/sample/migrations"));
        Files.writeString(migrationsDir.resolve("__init__.py"), "");
        for (Map.Entry<String, String> m : migrations.entrySet()) {
            Files.writeString(migrationsDir.resolve(m.getKey() + ".py"), m.getValue());
        }
        return root;
    }

    @Test
    void aBreakingMigrationOfTheCheckoutIsRefusedBeforeDockerIsAskedForThenAcceptedByName() throws Exception {
        Path root = checkout("breaking", Map.of("0001_initial", INITIAL, "0002_drop_email", DROP_EMAIL));
        String db = database(List.of("sample.0001_initial"));
        String image = MigrationTest.listing("0002_drop_email", DROP_EMAIL);
        int port = MigrationTest.freePort();
        RecordingConsole console = new RecordingConsole();

        Path summary = dir.resolve("summary-breaking.md");
        com.meatscentral.golden.ci.GitHubActions actions = new com.meatscentral.golden.ci.GitHubActions(
                Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()), line -> {});

        assertThatThrownBy(() -> migration(console, root).actions(actions).run(plan(port, db, image)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("1 pending migration is breaking for the version still running during the deploy;"
                        + " refused before any container ran; nothing was applied")
                .hasMessageContaining("sample.0002_drop_email (backend/sample/migrations/0002_drop_email.py:8):"
                        + " RemoveField customer.email: drops column email while the running version still selects it")
                .satisfies(e -> assertThat(((GoldenException) e).hint().orElse(""))
                        .contains("-Dgolden.migrate.allowBreaking=sample.0002_drop_email"));
        assertThat(dockerAsked).as("times golden asked for the Docker engine").hasValue(0);
        assertThat(console.text())
                .contains("Pending migrations for dev-backend in the checkout (1):")
                .containsPattern("sample +0002_drop_email +BREAKING +RemoveField customer.email")
                .doesNotContain("Listing pending migrations")
                .doesNotContain("Migration lock")
                .contains("cleanup: SSH disconnected");
        assertThat(DatabaseCheckTest.canBind(port)).isTrue();
        assertThat(Files.readString(summary))
                .contains("### Pending migrations: dev-backend in the checkout (1)")
                .contains("| sample | 0002_drop_email | RemoveField customer.email | BREAKING — line 8:");

        RecordingConsole accepted = new RecordingConsole();
        Migration.Result r = migration(accepted, root)
                .options(new MigrationOptions(
                        false, false, MigrationOptions.allowBreaking("sample.0002_drop_email"), null))
                .run(plan(port, db, image));
        assertThat(r.applied()).isTrue();
        assertThat(dockerAsked).hasValue(1);
        assertThat(accepted.text())
                .contains("Pending migrations for dev-backend in the checkout (1):")
                .contains("Cross-check: the image " + FakeDjangoImage.IMAGE
                        + " and the checkout agree on the 1 pending migration of the checkout's apps")
                .contains("  | Applying fake... OK");
        // The order: pre-check, lock, the image's listing, migration.
        String text = accepted.text();
        assertThat(text.indexOf("step pre-check"))
                .isLessThan(text.indexOf("Migration lock of database"))
                .isGreaterThan(-1);
        assertThat(text.indexOf("Migration lock of database")).isLessThan(text.indexOf("Listing pending migrations"));
        assertThat(text.indexOf("Listing pending migrations")).isLessThan(text.indexOf("Running "));
    }

    @Test
    void anImageBuiltFromAnotherCommitIsNamedByTheCrossCheck() throws Exception {
        Path root = checkout("behind", Map.of("0001_initial", INITIAL));
        String db = database(List.of("sample.0001_initial"));
        RecordingConsole console = new RecordingConsole();

        Migration.Result r = migration(console, root)
                .options(new MigrationOptions(true, false, List.of(), null))
                .run(plan(MigrationTest.freePort(), db, MigrationTest.listing("0002_drop_email", DROP_EMAIL)));

        assertThat(r.applied()).isFalse();
        assertThat(console.text())
                .contains("Pending migrations for dev-backend in the checkout: none")
                .contains("The image's pending migrations differ from the checkout's: was " + FakeDjangoImage.IMAGE
                        + " built from another commit than the checkout " + root + "? only in the image:"
                        + " sample.0002_drop_email. The image's are what migrate applies")
                .contains("Nothing applied (golden.migrate.plan=true)");
    }

    @Test
    void statusCountsThePendingMigrationsOfTheCheckoutWithoutDocker() throws Exception {
        Path root = checkout("status", Map.of("0001_initial", INITIAL, "0002_drop_email", DROP_EMAIL));
        RecordingConsole console = new RecordingConsole();

        OptionalInt one = migration(console, root)
                .pendingInCheckout(plan(MigrationTest.freePort(), database(List.of("sample.0001_initial")), "{}"));
        OptionalInt fresh =
                migration(console, root).pendingInCheckout(plan(MigrationTest.freePort(), database(null), "{}"));

        assertThat(one).hasValue(1);
        assertThat(fresh)
                .as("a database without django_migrations has applied nothing")
                .hasValue(2);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void withoutMigrationFilesOneLineSaysSoAndTheImagesListingChecksAsBefore() throws Exception {
        Path root = Files.createDirectories(dir.resolve("elsewhere"));
        String db = database(List.of("sample.0001_initial"));
        RecordingConsole console = new RecordingConsole();

        assertThatThrownBy(() -> migration(console, root)
                        .run(plan(MigrationTest.freePort(), db, MigrationTest.listing("0002_drop_email", DROP_EMAIL))))
                .hasMessageContaining("1 pending migration is breaking for the version still running during the deploy;"
                        + " nothing was applied")
                .hasMessageContaining("sample.0002_drop_email (/app/sample/migrations/0002_drop_email.py:8)");
        assertThat(console.text())
                .contains("No Django migration files under " + root
                        + ": golden runs outside the service's checkout, so the safety check waits for the image's"
                        + " listing (a container)")
                .contains("Listing pending migrations");
        assertThat(dockerAsked).hasValue(1);

        RecordingConsole status = new RecordingConsole();
        assertThat(migration(status, root).pendingInCheckout(plan(MigrationTest.freePort(), db, "{}")))
                .isEmpty();
        assertThat(status.text())
                .contains("No Django migration files under " + root)
                .doesNotContain("step ssh-connect");
    }
}
