package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.rules.MigrationSafety.Classified;
import com.meatscentral.golden.rules.MigrationSafety.Operation;
import com.meatscentral.golden.rules.MigrationSafety.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classifier over migration files as makemigrations writes them: every operation Django
 * ships, each with its verdict, reason and line.
 */
class MigrationSafetyTest {

    static final String INITIAL = """
            from django.db import migrations, models


            class Migration(migrations.Migration):

                initial = True

                dependencies = []

                operations = [
                    migrations.CreateModel(
                        name='Customer',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('name', models.CharField(max_length=100)),
                            ('code', models.CharField(max_length=20, null=True)),
                            ('email', models.EmailField(max_length=254)),
                            ('credit', models.DecimalField(decimal_places=2, max_digits=10)),
                        ],
                    ),
                    migrations.CreateModel(
                        name='Order',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                            ('number', models.IntegerField()),
                        ],
                    ),
                ]
            """;

    static Source source(String name, String text) {
        return new Source("backend/apps/customers/migrations/" + name + ".py", "customers", name, text);
    }

    static String migration(String... operations) {
        return "from django.db import migrations, models\nimport django.contrib.postgres.operations\n\n\n"
                + "class Migration(migrations.Migration):\n\n    dependencies = [('customers', '0001_initial')]\n\n"
                + "    operations = [\n" + String.join("\n", operations) + "\n    ]\n";
    }

    /** {@code VERDICT operation @line: reason} for each operation of a pending 0002 after the applied 0001. */
    static List<String> classify(String... operations) {
        List<Classified> c = MigrationSafety.classify(
                List.of(source("0002_change", migration(operations))), List.of(source("0001_initial", INITIAL)));
        return c.get(0).operations().stream().map(MigrationSafetyTest::line).toList();
    }

    static String line(Operation o) {
        return o.verdict() + " " + o.operation() + " @" + o.line() + ": " + o.reason();
    }

    @Test
    void addFieldIsSafeWhenNullableOrWithADatabaseDefaultAndBreakingWhenNotNull() {
        assertThat(
                        classify(
                                "        migrations.AddField(",
                                "            model_name='customer',",
                                "            name='phone',",
                                "            field=models.CharField(max_length=30, null=True, blank=True),",
                                "        ),",
                                "        migrations.AddField(model_name='customer', name='active', field=models.BooleanField(db_default=True)),",
                                "        migrations.AddField(model_name='customer', name='vip', field=models.BooleanField(default=False)),",
                                "        migrations.AddField(",
                                "            model_name='customer',",
                                "            name='region',",
                                "            field=models.CharField(default='eu', max_length=10),",
                                "            preserve_default=False,",
                                "        ),",
                                "        migrations.AddField('customer', 'score', models.IntegerField()),",
                                "        migrations.AddField(model_name='customer', name='tags', field=models.ManyToManyField(to='customers.order')),"))
                .containsExactly(
                        "SAFE AddField customer.phone @10: nullable column: the running version's INSERTs leave it NULL",
                        "SAFE AddField customer.active @15: NOT NULL with a database default (db_default): the running version's"
                                + " INSERTs get the default",
                        "BREAKING AddField customer.vip @16: NOT NULL BooleanField with default= only: Django fills the existing"
                                + " rows, then drops the database default, so the running version's INSERTs (which omit the column) fail",
                        "BREAKING AddField customer.region @17: NOT NULL CharField without a default on an existing table: the"
                                + " running version's INSERTs omit the column and fail",
                        "BREAKING AddField customer.score @23: NOT NULL IntegerField without a default on an existing table: the"
                                + " running version's INSERTs omit the column and fail",
                        "SAFE AddField customer.tags @24: a many-to-many field creates a join table, no column");
    }

    @Test
    void anythingOnATableCreatedInTheSameDeployIsSafe() {
        assertThat(classify(
                        "        migrations.CreateModel(name='Invoice', fields=[('id', models.BigAutoField(primary_key=True))]),",
                        "        migrations.AddField(model_name='invoice', name='total', field=models.IntegerField()),",
                        "        migrations.AddConstraint(model_name='invoice', constraint=models.UniqueConstraint(fields=['total'], name='u')),",
                        "        migrations.RemoveField(model_name='invoice', name='total'),"))
                .containsExactly(
                        "SAFE CreateModel Invoice @10: creates a table the running version does not use",
                        "SAFE AddField invoice.total @11: adds a column to a table created in this deploy",
                        "SAFE AddConstraint invoice @12: constrains a table created in this deploy",
                        "SAFE RemoveField invoice.total @13: drops a column of a table created in this deploy");
    }

    @Test
    void removingOrRenamingAFieldOrAModelIsBreaking() {
        List<String> out = classify(
                "        migrations.RemoveField(model_name='customer', name='email'),",
                "        migrations.RenameField(model_name='customer', old_name='name', new_name='full_name'),",
                "        migrations.DeleteModel(name='Order'),",
                "        migrations.RenameModel(old_name='Customer', new_name='Client'),",
                "        migrations.AlterModelTable(name='client', table='clients'),");
        assertThat(out)
                .containsExactly(
                        "BREAKING RemoveField customer.email @10: drops column email while the running version still selects it"
                                + " (Django selects every field of a model)",
                        "BREAKING RenameField customer.name -> full_name @11: renames column name: the running version still reads"
                                + " and writes the old name",
                        "BREAKING DeleteModel Order @12: drops the table of Order while the running version still queries it",
                        "BREAKING RenameModel Customer -> Client @13: renames the table of Customer: the running version still queries"
                                + " the old name",
                        "BREAKING AlterModelTable client @14: renames the table of client: the running version still queries the old name");
    }

    @Test
    void alterFieldIsJudgedAgainstTheFieldsPreviousDefinition() {
        assertThat(
                        classify(
                                "        migrations.AlterField(model_name='customer', name='name', field=models.CharField(max_length=200)),",
                                "        migrations.AlterField(model_name='customer', name='name', field=models.CharField(max_length=50)),",
                                "        migrations.AlterField(model_name='customer', name='email', field=models.TextField()),",
                                "        migrations.AlterField(model_name='customer', name='code', field=models.CharField(max_length=20)),",
                                "        migrations.AlterField(model_name='customer', name='email', field=models.TextField(unique=True)),",
                                "        migrations.AlterField(model_name='customer', name='credit',",
                                "                              field=models.DecimalField(decimal_places=4, max_digits=10)),",
                                "        migrations.AlterField(model_name='customer', name='ghost', field=models.IntegerField()),"))
                .containsExactly(
                        "SAFE AlterField customer.name @10: same column type and nullability (CharField)",
                        "BREAKING AlterField customer.name @11: shortens max_length 200 -> 50: the running version may write"
                                + " longer values",
                        "BREAKING AlterField customer.email @12: changes the column type (EmailField -> TextField): the table is"
                                + " rewritten and the running version reads and writes the old type",
                        "BREAKING AlterField customer.code @13: sets NOT NULL: existing NULLs fail the migration and the running"
                                + " version may still write NULL",
                        "BREAKING AlterField customer.email @14: adds a unique constraint on existing data: duplicates fail the"
                                + " migration and the running version may still write duplicates",
                        "BREAKING AlterField customer.credit @15: changes decimal_places (2 -> 4): the column changes under the"
                                + " running version",
                        "BREAKING AlterField customer.ghost @17: the field's previous definition is not in the app's migrations:"
                                + " a type or NOT NULL change cannot be ruled out");
    }

    @Test
    void indexesAreSafeConstraintsOnExistingDataAreBreaking() {
        assertThat(
                        classify(
                                "        migrations.AddIndex(model_name='customer', index=models.Index(fields=['name'], name='cust_name')),",
                                "        django.contrib.postgres.operations.AddIndexConcurrently(",
                                "            model_name='customer', index=models.Index(fields=['email'], name='cust_email')),",
                                "        migrations.RemoveIndex(model_name='customer', name='cust_name'),",
                                "        migrations.AddConstraint(",
                                "            model_name='customer',",
                                "            constraint=models.UniqueConstraint(fields=('email',), name='uniq_email'),",
                                "        ),",
                                "        migrations.AddConstraint(model_name='customer', constraint=models.CheckConstraint(check=models.Q(credit__gte=0), name='c')),",
                                "        migrations.RemoveConstraint(model_name='customer', name='uniq_email'),",
                                "        migrations.AlterUniqueTogether(name='customer', unique_together={('name', 'email')}),"))
                .containsExactly(
                        "SAFE AddIndex customer @10: an index changes no column the running version uses (CREATE INDEX blocks"
                                + " writes while it builds: AddIndexConcurrently for a large table)",
                        "SAFE AddIndexConcurrently customer @11: changes no column or table the running version uses",
                        "SAFE RemoveIndex customer @13: changes no column or table the running version uses",
                        "BREAKING AddConstraint customer @14: adds a UniqueConstraint on existing data: rows that violate it fail"
                                + " the migration and the running version may still write such rows",
                        "BREAKING AddConstraint customer @18: adds a CheckConstraint on existing data: rows that violate it fail"
                                + " the migration and the running version may still write such rows",
                        "SAFE RemoveConstraint customer @19: changes no column or table the running version uses",
                        "BREAKING AlterUniqueTogether customer @20: adds a unique_together on existing data: rows that violate it"
                                + " fail the migration and the running version may still write such rows");
    }

    @Test
    void runSqlAndRunPythonNeedTheirReverseAndRunSqlMustBeAdditive() {
        assertThat(classify(
                        "        migrations.RunSQL(\"CREATE INDEX CONCURRENTLY x ON customers_customer (name)\"),",
                        "        migrations.RunSQL(",
                        "            sql=\"CREATE TABLE audit (id serial)\",",
                        "            reverse_sql=\"DROP TABLE audit\",",
                        "        ),",
                        "        migrations.RunSQL(\"ALTER TABLE customers_customer DROP COLUMN email\", migrations.RunSQL.noop),",
                        "        migrations.RunPython(backfill),",
                        "        migrations.RunPython(backfill, reverse_code=migrations.RunPython.noop),",
                        "        migrations.RunPython(code=backfill, reverse_code=None),"))
                .containsExactly(
                        "BREAKING RunSQL @10: RunSQL without reverse_sql: it cannot be unapplied, so rolling this deploy back"
                                + " cannot undo it",
                        "SAFE RunSQL @11: reversible SQL with no DROP, RENAME, type change, NOT NULL or constraint",
                        "BREAKING RunSQL @15: the SQL runs `DROP COLUMN`: it removes, renames, retypes or constrains what the"
                                + " running version uses",
                        "BREAKING RunPython @16: RunPython without reverse_code: it cannot be unapplied, so rolling this deploy"
                                + " back cannot undo it",
                        "SAFE RunPython @17: data migration with reverse_code (it can be unapplied)",
                        "BREAKING RunPython @18: RunPython without reverse_code: it cannot be unapplied, so rolling this deploy"
                                + " back cannot undo it");
    }

    @Test
    void separateDatabaseAndStateIsJudgedByItsDatabaseOperations() {
        assertThat(classify(
                        "        migrations.SeparateDatabaseAndState(",
                        "            state_operations=[migrations.RemoveField(model_name='customer', name='email')],",
                        "        ),",
                        "        migrations.SeparateDatabaseAndState(",
                        "            database_operations=[",
                        "                migrations.RunSQL('ALTER TABLE customers_customer RENAME TO clients', 'ALTER TABLE clients RENAME TO customers_customer'),",
                        "                migrations.AddField(model_name='customer', name='note', field=models.TextField(null=True)),",
                        "            ],",
                        "            state_operations=[migrations.RenameModel('Customer', 'Client')],",
                        "        ),"))
                .containsExactly(
                        "SAFE SeparateDatabaseAndState @10: state only: no database operation",
                        "BREAKING RunSQL @15: the SQL runs `RENAME TO`: it removes, renames, retypes or constrains what the"
                                + " running version uses",
                        "SAFE AddField customer.note @16: nullable column: the running version's INSERTs leave it NULL");
    }

    @Test
    void theFieldHistoryFollowsRenamesAndAnUnknownOperationIsNotTrusted() {
        List<Classified> c = MigrationSafety.classify(
                List.of(source(
                        "0003_widen",
                        migration(
                                "        migrations.AlterField(model_name='client', name='full_name', field=models.CharField(max_length=300)),",
                                "        migrations.AlterModelOptions(name='client', options={'ordering': ['full_name']}),",
                                "        myapp.operations.CreateTenantSchema('x'),"))),
                List.of(
                        source("0001_initial", INITIAL),
                        source(
                                "0002_rename",
                                migration(
                                        "        migrations.RenameField(model_name='customer', old_name='name', new_name='full_name'),",
                                        "        migrations.RenameModel(old_name='Customer', new_name='Client'),"))));
        assertThat(c.get(0).operations().stream().map(MigrationSafetyTest::line).toList())
                .containsExactly(
                        "SAFE AlterField client.full_name @10: same column type and nullability (CharField)",
                        "SAFE AlterModelOptions @11: changes no column or table the running version uses",
                        "BREAKING CreateTenantSchema @12: golden does not know what CreateTenantSchema does to the schema");
        assertThat(c.get(0).breakingOperations())
                .singleElement()
                .satisfies(o -> assertThat(o.split()).contains("allowBreaking"));
    }

    @Test
    void operationsComputedByCodeCannotBeTrusted() {
        String computed = "from django.db import migrations\n\n\ndef get_operations():\n    return []\n\n\n"
                + "class Migration(migrations.Migration):\n    dependencies = []\n\n    operations = get_operations()\n";
        List<Classified> c = MigrationSafety.classify(List.of(source("0002_computed", computed)), List.of());
        assertThat(c.get(0).operations().stream().map(MigrationSafetyTest::line).toList())
                .containsExactly(
                        "BREAKING operations = get_operations() @11: the operations are computed by code (get_operations()) when the"
                                + " migration is imported: golden cannot read them without running it");
    }

    @Test
    void everyBreakingOperationSaysHowToSplitIt() {
        List<Classified> c = MigrationSafety.classify(
                List.of(
                        source(
                                "0002_change",
                                migration(
                                        "        migrations.RemoveField(model_name='customer', name='email'),",
                                        "        migrations.AddField(model_name='customer', name='score', field=models.IntegerField()),"))),
                List.of(source("0001_initial", INITIAL)));
        assertThat(c.get(0).breaking()).isTrue();
        assertThat(c.get(0).breakingOperations())
                .extracting(Operation::split)
                .containsExactly(
                        "expand: stop using email, make it null=True and remove it from the model state only"
                                + " (SeparateDatabaseAndState(state_operations=[RemoveField(...)])); contract: drop the column in a later deploy",
                        "expand: add it with null=True (or db_default=..., Django 5.0+), write it from the new code, backfill;"
                                + " contract: make it NOT NULL in a later deploy");
    }
}
