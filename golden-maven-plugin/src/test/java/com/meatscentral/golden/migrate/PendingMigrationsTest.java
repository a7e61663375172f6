package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingMigrationsTest {

    static final String ADD_NOTE =
            "operations = [\n    migrations.AddField(model_name='customer', name='note', field=models.TextField(null=True)),\n]\n";
    static final String DROP_EMAIL =
            "operations = [\n    migrations.RemoveField(model_name='customer', name='email'),\n]\n";

    /** customers' 0001 is applied: a running version uses its table. */
    static final PendingMigrations.Known INITIAL =
            new PendingMigrations.Known("customers", "0001_initial", "/app/customers/migrations/0001_initial.py", null);

    static PendingMigrations.Listing listing(PendingMigrations.Pending... pending) {
        return new PendingMigrations.Listing(List.of(pending), List.of(INITIAL));
    }

    @Test
    void anAppWithNoAppliedMigrationHasNothingARunningVersionCouldUse() {
        PendingMigrations.Pending drop = pending("0002_drop_email", DROP_EMAIL, null, "RemoveField");
        assertThat(listing(drop).classify())
                .singleElement()
                .satisfies(c -> assertThat(c.breaking()).isTrue());
        assertThat(new PendingMigrations.Listing(List.of(drop), List.of()).classify())
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.breaking()).isFalse();
                    assertThat(c.operations())
                            .singleElement()
                            .satisfies(
                                    o -> assertThat(o.reason())
                                            .isEqualTo(
                                                    "no migration of customers is applied yet: no running version uses its tables"));
                });
    }

    static PendingMigrations.Pending pending(String name, String source, String sql, String... ops) {
        return new PendingMigrations.Pending(
                "customers", name, "/app/customers/migrations/" + name + ".py", source, List.of(ops), sql);
    }

    @Test
    void djangosMigrateWithPlainFlagsRunsInTheListingsProcessAnythingElseInItsOwn() {
        assertThat(PendingMigrations.inProcessFlags(MigrationPlan.DEFAULT_COMMAND))
                .contains(List.of("--fake-initial", "--noinput"));
        assertThat(PendingMigrations.inProcessFlags(List.of("python", "-m", "django", "migrate")))
                .contains(List.of());
        assertThat(PendingMigrations.inProcessFlags(
                        List.of("python", "manage.py", "migrate", "--settings=config.settings.prod", "--noinput")))
                .as("Django set up with other settings than the listing's: only a process of its own applies them")
                .isEmpty();
        assertThat(PendingMigrations.inProcessFlags(List.of("python", "manage.py", "migrate", "--pythonpath", "/srv")))
                .isEmpty();
        assertThat(PendingMigrations.inProcessFlags(List.of("python", "manage.py", "migrate_schemas", "--shared")))
                .isEmpty();
        assertThat(PendingMigrations.inProcessFlags(List.of("python", "manage.py", "migrate", "sample", "0002")))
                .isEmpty();
    }

    @Test
    void theListingRunsTheSameProgramAsTheMigrateCommand() {
        assertThat(PendingMigrations.listCommand(MigrationPlan.DEFAULT_COMMAND)
                        .orElseThrow()
                        .subList(0, 4))
                .containsExactly("python", "manage.py", "shell", "-c");
        assertThat(PendingMigrations.listCommand(
                                List.of("/venv/bin/python", "/srv/app/manage.py", "migrate", "--noinput"))
                        .orElseThrow()
                        .subList(0, 3))
                .containsExactly("/venv/bin/python", "/srv/app/manage.py", "shell");
        assertThat(PendingMigrations.listCommand(List.of("django-admin", "migrate"))
                        .orElseThrow()
                        .get(1))
                .isEqualTo("shell");
        assertThat(PendingMigrations.listCommand(List.of("python", "-m", "django", "migrate"))
                        .orElseThrow()
                        .subList(0, 4))
                .containsExactly("python", "-m", "django", "shell");
        assertThat(PendingMigrations.listCommand(List.of("sh", "-c", "python manage.py migrate")))
                .isEmpty();
        assertThat(PendingMigrations.listCommand(List.of("python", "manage.py", "migrate_schemas")))
                .isEmpty();
        assertThat(PendingMigrations.listCommand(
                        List.of("python", "manage.py", "migrate", "sample_tenants", "zero", "--noinput")))
                .as("a targeted migrate may go backwards: not the forward plan pending.py lists")
                .isEmpty();
        for (String other : List.of("--database=tenants", "--database")) {
            List<String> command = new java.util.ArrayList<>(List.of("python", "manage.py", "migrate", other));
            if (other.equals("--database")) {
                command.add("tenants");
            }
            assertThat(PendingMigrations.listCommand(command))
                    .as(
                            "%s: another alias than the default one DATABASE_URL and the tunnel are; listed wrong otherwise",
                            command)
                    .isEmpty();
            assertThat(PendingMigrations.inProcessFlags(command)).isEmpty();
        }
        assertThat(PendingMigrations.inProcessFlags(List.of("python", "manage.py", "migrate", "--database=default")))
                .contains(List.of("--database=default"));
        assertThat(PendingMigrations.listCommand(MigrationPlan.DEFAULT_COMMAND)
                        .orElseThrow()
                        .get(4))
                .contains("MigrationExecutor")
                .contains("migration_plan")
                .contains(PendingMigrations.MARKER.strip());
    }

    @Test
    void theMarkerLineIsParsedAndMissingOutputSaysWhatTheContainerPrinted() {
        PendingMigrations.Listing l = PendingMigrations.parse(
                List.of("GOLDEN-PENDING {\"pending\": [{\"app\": \"customers\","
                        + " \"name\": \"0002_note\", \"file\": \"/app/x.py\", \"source\": null, \"operations\": [\"AddField: Add field note\"],"
                        + " \"unknown\": 1}], \"known\": [{\"app\": \"customers\", \"name\": \"0001_initial\","
                        + " \"file\": \"/app/y.py\", \"source\": null}]}"),
                List.of());
        assertThat(l.pending()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("customers.0002_note");
            assertThat(p.source()).isNull();
        });
        assertThat(l.classify())
                .singleElement()
                .satisfies(c -> assertThat(c.breakingOperations())
                        .singleElement()
                        .satisfies(o -> assertThat(o.reason())
                                .isEqualTo("its source (/app/x.py) is not in the image, so it cannot be checked")));
        assertThatThrownBy(() -> PendingMigrations.parse(
                        List.of(), List.of("django.core.exceptions.ImproperlyConfigured: SECRET_KEY")))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("printed no result")
                .hasMessageContaining("ImproperlyConfigured: SECRET_KEY");
    }

    @Test
    void theTableShowsEachMigrationsOperationsAndSafety() {
        PendingReport report = new PendingReport(
                "dev-backend",
                listing(
                        pending(
                                "0002_note",
                                ADD_NOTE,
                                "BEGIN;\nALTER TABLE \"customers_customer\" ADD COLUMN \"note\" text NULL;\nCOMMIT;",
                                "AddField: Add field note to customer"),
                        pending("0003_drop_email", DROP_EMAIL, "", "RemoveField: Remove field email from customer")));
        assertThat(report.table())
                .containsExactly(
                        "Pending migrations for dev-backend (2):",
                        "  app        name             safety    operations",
                        "  customers  0002_note        safe      AddField: Add field note to customer",
                        "  customers  0003_drop_email  BREAKING  RemoveField: Remove field email from customer",
                        "                                        ! line 2: RemoveField customer.email: drops column email while the running"
                                + " version still selects it (Django selects every field of a model)");
        assertThat(report.sql())
                .containsExactly(
                        "-- customers.0002_note (/app/customers/migrations/0002_note.py)",
                        "BEGIN;",
                        "ALTER TABLE \"customers_customer\" ADD COLUMN \"note\" text NULL;",
                        "COMMIT;",
                        "-- customers.0003_drop_email (/app/customers/migrations/0003_drop_email.py)",
                        "-- (no SQL: state-only operations)");
        assertThat(report.markdown())
                .startsWith("### Pending migrations: dev-backend (2)\n\n| app | name | operations | safety |")
                .contains("| customers | 0002_note | AddField: Add field note to customer | safe |");
        assertThat(new PendingReport("dev-backend", listing()).table())
                .containsExactly(
                        "Pending migrations for dev-backend: none (the database is up to date with the image)");
    }

    @Test
    void aBreakingMigrationIsRefusedUnlessNamedAndAWildcardIsNeverAccepted() {
        PendingReport report =
                new PendingReport("dev-backend", listing(pending("0003_drop_email", DROP_EMAIL, null, "RemoveField")));
        assertThat(report.refusal(MigrationOptions.DEFAULTS)).hasValueSatisfying(e -> {
            assertThat(e.getMessage())
                    .contains("customers.0003_drop_email (/app/customers/migrations/0003_drop_email.py:2):"
                            + " RemoveField customer.email");
            assertThat(e.hint().orElseThrow()).endsWith("-Dgolden.migrate.allowBreaking=customers.0003_drop_email");
        });
        for (String accepted :
                List.of("customers.0003_drop_email", "0003_drop_email", "other.x, customers.0003_drop_email")) {
            MigrationOptions o = new MigrationOptions(false, false, MigrationOptions.allowBreaking(accepted), null);
            assertThat(report.refusal(o)).as(accepted).isEmpty();
        }
        MigrationOptions typo =
                new MigrationOptions(false, false, MigrationOptions.allowBreaking("customers.0003_drop_emial"), null);
        assertThat(report.refusal(typo)).isPresent();
        assertThat(report.unusedAllowances(typo)).containsExactly("customers.0003_drop_emial");
        for (String wildcard : List.of("*", "customers.*", "all", "ALL", "customers.0003_?")) {
            assertThatThrownBy(() -> MigrationOptions.allowBreaking(wildcard))
                    .as(wildcard)
                    .hasMessageContaining("accepts migration names only, not " + wildcard);
        }
    }

    @Test
    void theLockKeyDependsOnTheDatabaseNameOnly() {
        assertThat(MigrationLock.key("projectmeats"))
                .isEqualTo(MigrationLock.key("projectmeats"))
                .isNotEqualTo(MigrationLock.key("projectmeats_uat"));
    }
}
