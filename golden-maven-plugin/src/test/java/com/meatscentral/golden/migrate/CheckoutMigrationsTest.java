package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.rules.MigrationSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkout's migration files and which of them a database (its django_migrations rows) has not applied. */
class CheckoutMigrationsTest {

    static final String INITIAL = """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True

                operations = [
                    migrations.CreateModel(name="Customer", fields=[("id", models.BigAutoField(primary_key=True)), ("email", models.EmailField(max_length=254))]),
                ]
            """;

    static final String DROP_EMAIL = """
            from django.db import migrations


            class Migration(migrations.Migration):
                dependencies = [("customers", "0001_initial")]

                operations = [
                    migrations.RemoveField(model_name="customer", name="email"),
                ]
            """;

    static final String ADD_NOTE = """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField(model_name="order", name="note", field=models.TextField(null=True)),
                ]
            """;

    @TempDir
    Path root;

    void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void findsTheMigrationFilesOfEveryAppWhereverTheyLiveWithTheirDjangoLabels() throws IOException {
        write("backend/apps/customers/migrations/__init__.py", "");
        write("backend/apps/customers/migrations/0001_initial.py", INITIAL);
        write("backend/apps/customers/migrations/0002_drop_email.py", DROP_EMAIL);
        write("backend/tenant_apps/orders/apps.py", """
                from django.apps import AppConfig


                class OrdersConfig(AppConfig):
                    name = "tenant_apps.orders"
                    label = "shop_orders"
                """);
        write("backend/tenant_apps/orders/migrations/0001_initial.py", ADD_NOTE);
        write("frontend/node_modules/pkg/migrations/0001_initial.py", DROP_EMAIL);
        write("backend/apps/customers/migrations/README.md", "not a migration");

        CheckoutMigrations checkout = CheckoutMigrations.find(root);

        assertThat(checkout.isEmpty()).isFalse();
        assertThat(checkout.apps()).containsExactly("customers", "shop_orders");
        PendingMigrations.Listing all = checkout.pending(Set.of());
        assertThat(all.pending())
                .extracting(PendingMigrations.Pending::id)
                .containsExactly("customers.0001_initial", "customers.0002_drop_email", "shop_orders.0001_initial");
        assertThat(all.pending().get(1).file()).isEqualTo("backend/apps/customers/migrations/0002_drop_email.py");
        assertThat(all.pending().get(1).operations()).containsExactly("RemoveField customer.email");
    }

    @Test
    void whatDjangoMigrationsLacksIsPendingJudgedAgainstTheAppliedHistory() throws IOException {
        write("backend/customers/migrations/0001_initial.py", INITIAL);
        write("backend/customers/migrations/0002_drop_email.py", DROP_EMAIL);

        PendingMigrations.Listing listing = CheckoutMigrations.find(root).pending(Set.of("customers.0001_initial"));

        assertThat(listing.pending())
                .extracting(PendingMigrations.Pending::id)
                .containsExactly("customers.0002_drop_email");
        assertThat(listing.known()).extracting(PendingMigrations.Known::name).containsExactly("0001_initial");
        MigrationSafety.Classified drop = listing.classify().get(0);
        assertThat(drop.breaking()).isTrue();
        assertThat(drop.breakingOperations().get(0).line()).isEqualTo(8);

        // A database that has not applied the app at all: nothing running uses its table.
        assertThat(CheckoutMigrations.find(root).pending(Set.of()).classify())
                .allSatisfy(c -> assertThat(c.breaking()).isFalse());
        // Applied rows whose files are gone still make the app a running one.
        Files.delete(root.resolve("backend/customers/migrations/0001_initial.py"));
        assertThat(CheckoutMigrations.find(root)
                        .pending(Set.of("customers.0001_initial"))
                        .classify())
                .singleElement()
                .satisfies(c -> assertThat(c.breaking()).isTrue());
    }

    @Test
    void aSquashStandsForWhatItReplacesUnlessOnlySomeOfThoseAreApplied() throws IOException {
        write("backend/customers/migrations/0001_initial.py", INITIAL);
        write("backend/customers/migrations/0002_drop_email.py", DROP_EMAIL);
        write("backend/customers/migrations/0001_squashed_0002_drop_email.py", """
                from django.db import migrations, models


                class Migration(migrations.Migration):
                    replaces = [
                        ("customers", "0001_initial"),
                        ("customers", "0002_drop_email")
                    ]

                    operations = [
                        migrations.CreateModel(name="Customer", fields=[("id", models.BigAutoField(primary_key=True))]),
                    ]
                """);
        CheckoutMigrations checkout = CheckoutMigrations.find(root);

        assertThat(ids(checkout.pending(Set.of("customers.0001_initial", "customers.0002_drop_email"))))
                .isEmpty();
        assertThat(ids(checkout.pending(Set.of()))).containsExactly("customers.0001_squashed_0002_drop_email");
        assertThat(ids(checkout.pending(Set.of("customers.0001_initial"))))
                .containsExactly("customers.0002_drop_email");
    }

    @Test
    void aGeneratedServicesFirstDeployIsSafeAndItsRedeployHasNothingPending() {
        Path archetype = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../golden-archetype/src/main/resources/archetype-resources")
                .normalize();
        CheckoutMigrations checkout = CheckoutMigrations.find(archetype);
        assertThat(checkout.apps()).contains("customers", "tenants");

        // A new database: every app is new, its RunSQL helpers (RLS, grants) touch only tables this deploy creates.
        PendingMigrations.Listing first = checkout.pending(Set.of());
        assertThat(first.pending()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(first.classify()).noneMatch(MigrationSafety.Classified::breaking);

        Set<String> applied = new java.util.HashSet<>(ids(first));
        assertThat(checkout.pending(applied).pending()).isEmpty();
    }

    @Test
    void aRootWithoutMigrationFilesHasNone() throws IOException {
        write("pom.xml", "<project/>");
        assertThat(CheckoutMigrations.find(root).isEmpty()).isTrue();
        assertThat(CheckoutMigrations.find(null).isEmpty()).isTrue();
        assertThat(CheckoutMigrations.find(root.resolve("missing")).isEmpty()).isTrue();
    }

    @Test
    void readsTheReplacesListOfASquashInAnyLayout() {
        assertThat(CheckoutMigrations.replaces("    replaces = [('a', '0001_x'), (\"a\", \"0002_y\")]\n"))
                .containsExactly("a.0001_x", "a.0002_y");
        assertThat(CheckoutMigrations.replaces("class M:\n    replaces = (\n        ('a', '0001_x'),\n    )\n"))
                .containsExactly("a.0001_x");
        assertThat(CheckoutMigrations.replaces("operations = []\n")).isEmpty();
    }

    private static List<String> ids(PendingMigrations.Listing listing) {
        return listing.pending().stream().map(PendingMigrations.Pending::id).toList();
    }
}
