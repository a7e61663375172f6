package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.ci.GitHubActions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration-safety rule on a git work tree: only migrations changed since the ref are judged. */
class MigrationSafetyRuleTest {

    @TempDir
    Path dir;

    static final String INITIAL = """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True
                operations = [
                    migrations.CreateModel(name='Customer', fields=[
                        ('id', models.BigAutoField(primary_key=True)),
                        ('email', models.EmailField(max_length=254)),
                    ]),
                    migrations.RemoveField(model_name='customer', name='legacy'),
                ]""";

    void git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "git",
                "-C",
                dir.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    Fixture history() throws Exception {
        Fixture f = new Fixture(dir)
                .file("backend/apps/customers/migrations/__init__.py", "")
                .file("backend/apps/customers/migrations/0001_initial.py", INITIAL);
        git("init", "-q", "-b", "main");
        git("add", "-A");
        git("commit", "-q", "-m", "initial");
        git("checkout", "-q", "-b", "feature");
        return f;
    }

    @Test
    void onlyMigrationsChangedSinceTheRefAreJudgedCommittedOrNot() throws Exception {
        history()
                .file(
                        "backend/apps/customers/migrations/0002_email_text.py",
                        "from django.db import migrations, models",
                        "",
                        "class Migration(migrations.Migration):",
                        "    operations = [",
                        "        migrations.AlterField(model_name='customer', name='email', field=models.TextField()),",
                        "        migrations.AddField(model_name='customer', name='note', field=models.TextField(null=True)),",
                        "    ]");
        git("add", "-A");
        git("commit", "-q", "-m", "email as text");
        new Fixture(dir)
                .file(
                        "backend/apps/customers/migrations/0003_drop_email.py",
                        "from django.db import migrations",
                        "",
                        "class Migration(migrations.Migration):",
                        "    operations = [",
                        "        # golden:allow migration-safety the email moved to contacts two releases ago",
                        "        migrations.RemoveField(model_name='customer', name='email'),",
                        "        migrations.RunPython(forwards),",
                        "    ]");
        List<Violation> found = new MigrationSafetyRule("main").check(ProjectTree.walk(dir));
        assertThat(found)
                .extracting(Violation::format)
                .containsExactly(
                        "backend/apps/customers/migrations/0002_email_text.py:5: [migration-safety] AlterField customer.email is breaking:"
                                + " changes the column type (EmailField -> TextField): the table is rewritten and the running version reads and"
                                + " writes the old type (fix: expand: add a new field with the new definition (nullable), write both, backfill;"
                                + " contract: remove the old one in a later deploy)",
                        "backend/apps/customers/migrations/0003_drop_email.py:6: [migration-safety] RemoveField customer.email is breaking:"
                                + " drops column email while the running version still selects it (Django selects every field of a model)"
                                + " (fix: expand: stop using email, make it null=True and remove it from the model state only"
                                + " (SeparateDatabaseAndState(state_operations=[RemoveField(...)])); contract: drop the column in a later deploy)",
                        "backend/apps/customers/migrations/0003_drop_email.py:7: [migration-safety] RunPython is breaking: RunPython without"
                                + " reverse_code: it cannot be unapplied, so rolling this deploy back cannot undo it (fix: give it reverse_code"
                                + " (migrations.RunPython.noop when undoing needs nothing), and make the data change valid for the running version too)");
        // Through golden:verify: the golden:allow comment accepts the deliberate one; the initial's RemoveField is
        // history.
        List<String> log = new ArrayList<>();
        Console console = (level, m) -> {
            if (level != Console.Level.DEBUG) {
                log.add(m);
            }
        };
        Verifier verifier = new Verifier(console, new GitHubActions(Map.of(), s -> {}));
        Verifier.Result result = verifier.check(
                dir, VerifyConfig.of(b -> b.migrationsSince = "main"), List.of("migration-safety"), List.of());
        assertThat(result.violations())
                .extracting(v -> v.path() + ":" + v.line())
                .containsExactly(
                        "backend/apps/customers/migrations/0002_email_text.py:5",
                        "backend/apps/customers/migrations/0003_drop_email.py:7");
        assertThatThrownBy(() -> verifier.report(result, true))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("2 violations");
    }

    @Test
    void withoutARefNothingIsJudgedAndAnUnknownRefSaysHowToFetchIt() throws Exception {
        history();
        assertThat(new MigrationSafetyRule("").check(ProjectTree.walk(dir))).isEmpty();
        assertThat(new MigrationSafetyRule("main").check(ProjectTree.walk(dir))).isEmpty();
        assertThatThrownBy(() -> new MigrationSafetyRule("origin/main").check(ProjectTree.walk(dir)))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("golden.verify.migrationsSince=origin/main")
                .satisfies(e ->
                        assertThat(((GoldenException) e).hint().orElseThrow()).contains("fetch-depth: 0"));
    }
}
