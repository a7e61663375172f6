package com.meatscentral.golden.rules;

import static com.meatscentral.golden.rules.MigrationSafety.COMPUTED;

import com.meatscentral.golden.Texts;
import com.meatscentral.golden.rules.MigrationSafety.Operation;
import com.meatscentral.golden.rules.MigrationSafety.Verdict;
import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verdicts for one migration's operations, given the app's field history and the models new in this
 * deploy. Over 250 lines on purpose: it is one table, a case per operation Django ships (each with
 * its reason and its expand/contract split), and reading the verdicts side by side is how a reviewer
 * checks them against each other; split by family, the table would be scattered over several files.
 * The operations whose words depend only on whether their table is new (drops and renames of
 * tables and columns) keep those words in {@value #TABLE_VERDICTS}, one row per operation.
 */
record OperationJudge(String app, FieldHistory history, Set<String> newModels) {

    static final Pattern DESTRUCTIVE_SQL = Pattern.compile(
            "\\b(DROP\\s+(TABLE|COLUMN|VIEW|SCHEMA)|RENAME\\s+(TO|COLUMN)|ALTER\\s+COLUMN\\s+\\S+\\s+(SET\\s+DATA\\s+)?TYPE|SET\\s+NOT\\s+NULL"
                    + "|TRUNCATE|DELETE\\s+FROM|ADD\\s+CONSTRAINT|CREATE\\s+UNIQUE\\s+INDEX)\\b",
            Pattern.CASE_INSENSITIVE);

    static final String TABLE_VERDICTS = "table-verdicts.properties";

    private static final Texts VERDICTS = Texts.load(OperationJudge.class, TABLE_VERDICTS);

    /** A {@code {name}} in a row of {@value #TABLE_VERDICTS}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    static final Set<String> STATE_OR_INDEX_ONLY = Set.of(
            "AddIndexConcurrently",
            "RemoveIndex",
            "RemoveIndexConcurrently",
            "RenameIndex",
            "AlterIndexTogether",
            "AlterModelOptions",
            "AlterModelManagers",
            "AlterModelTableComment",
            "RemoveConstraint",
            "AddConstraintNotValid",
            "ValidateConstraint",
            "CreateCollation",
            "RemoveCollation");

    List<Operation> judge(PyCall op) {
        String n = op.name();
        if (n.equals("SeparateDatabaseAndState")) {
            List<PyCall> database =
                    op.arg("database_operations", 0).map(PyCall::callsIn).orElse(List.of());
            if (database.isEmpty()) {
                return List.of(safe(op, "SeparateDatabaseAndState", "state only: no database operation"));
            }
            List<Operation> out = new ArrayList<>();
            database.forEach(d -> out.addAll(judge(d)));
            return out;
        }
        return List.of(single(op));
    }

    private Operation single(PyCall op) {
        String n = op.name();
        if (op.callee().equals(COMPUTED)) {
            String expression = op.keywords().get("expression").get(0).text();
            return breaking(
                    op,
                    "operations = " + expression,
                    "the operations are computed by code (" + expression
                            + ") when the migration is imported: golden cannot read them without running it",
                    "write the operations as a literal list (conditional SQL belongs in RunSQL/RunPython), or review them"
                            + " and accept the migration by name");
        }
        String model = op.string("model_name", 0).orElse("?");
        String field = op.string("name", 1).orElse("?");
        String what = n + " " + model + "." + field;
        boolean newTable = isNew(model);
        switch (n) {
            case "CreateModel" -> {
                String created = op.string("name", 0).orElse("?");
                newModels.add(key(created));
                return safe(op, n + " " + created, "creates a table the running version does not use");
            }
            case "DeleteModel", "AlterModelTable", "AlterOrderWithRespectTo" -> {
                String m = op.string("name", 0).orElse("?");
                return onExistingTable(op, n + " " + m, isNew(m), Map.of("model", m));
            }
            case "RenameModel" -> {
                String old = op.string("old_name", 0).orElse("?");
                String nu = op.string("new_name", 1).orElse("?");
                return breaking(
                        op,
                        n + " " + old + " -> " + nu,
                        "renames the table of " + old + ": the running version still queries the old name",
                        "keep the table: give the renamed model Meta.db_table = the old table name (a state-only rename); "
                                + "or expand: a new model beside the old, written by both; contract: drop the old one in a later deploy");
            }
            case "AddField" -> {
                return addField(op, what, newTable);
            }
            case "RemoveField" -> {
                return onExistingTable(op, what, newTable, Map.of("field", field));
            }
            case "RenameField" -> {
                String old = op.string("old_name", 1).orElse("?");
                String nu = op.string("new_name", 2).orElse("?");
                return onExistingTable(
                        op, n + " " + model + "." + old + " -> " + nu, newTable, Map.of("old", old, "new", nu));
            }
            case "AlterField" -> {
                return alterField(op, what, model, field, newTable);
            }
            case "AddIndex" -> {
                return safe(
                        op,
                        n + " " + model,
                        newTable
                                ? "indexes a table created in this deploy"
                                : "an index changes no column the running version uses (CREATE INDEX blocks writes while it builds:"
                                        + " AddIndexConcurrently for a large table)");
            }
            case "AddConstraint", "AlterUniqueTogether" -> {
                return constraint(op, n, model);
            }
            case "RunSQL" -> {
                return runSql(op);
            }
            case "RunPython" -> {
                return op.arg("reverse_code", 1)
                                .filter(r -> !(r.size() == 1 && r.get(0).is("None")))
                                .isPresent()
                        ? safe(op, n, "data migration with reverse_code (it can be unapplied)")
                        : breaking(
                                op,
                                n,
                                "RunPython without reverse_code: it cannot be unapplied, so rolling this deploy back"
                                        + " cannot undo it",
                                "give it reverse_code (migrations.RunPython.noop when undoing needs nothing), and make the"
                                        + " data change valid for the running version too");
            }
            default -> {
                if (STATE_OR_INDEX_ONLY.contains(n) || n.endsWith("Extension")) {
                    return safe(
                            op,
                            n + (op.string("model_name", 0).map(m -> " " + m).orElse("")),
                            "changes no column or table the running version uses");
                }
                return breaking(
                        op,
                        n,
                        "golden does not know what " + n + " does to the schema",
                        "review it; when it is safe under the running version, accept it by name (-Dgolden.migrate.allowBreaking)");
            }
        }
    }

    private Operation addField(PyCall op, String what, boolean newTable) {
        Optional<PyCall> f = op.arg("field", 2).flatMap(t -> PyCall.parse(t, 0));
        String type = f.map(PyCall::name).orElse("?");
        if (newTable) {
            return safe(op, what, "adds a column to a table created in this deploy");
        }
        if (type.equals("ManyToManyField")) {
            return safe(op, what, "a many-to-many field creates a join table, no column");
        }
        if (f.map(c -> c.isTrue("null")).orElse(false)) {
            return safe(op, what, "nullable column: the running version's INSERTs leave it NULL");
        }
        if (f.map(c -> c.keywords().containsKey("db_default")).orElse(false) || type.equals("GeneratedField")) {
            return safe(
                    op,
                    what,
                    "NOT NULL with a database default (db_default): the running version's INSERTs get the default");
        }
        String split =
                "expand: add it with null=True (or db_default=..., Django 5.0+), write it from the new code, backfill;"
                        + " contract: make it NOT NULL in a later deploy";
        boolean hasDefault = f.map(c -> c.keywords().containsKey("default")).orElse(false)
                && !op.keywords().getOrDefault("preserve_default", List.of()).stream()
                        .anyMatch(t -> t.is("False"));
        if (hasDefault) {
            return breaking(
                    op,
                    what,
                    "NOT NULL " + type + " with default= only: Django fills the existing rows, then drops the"
                            + " database default, so the running version's INSERTs (which omit the column) fail",
                    split);
        }
        return breaking(
                op,
                what,
                "NOT NULL " + type + " without a default on an existing table: the running version's INSERTs"
                        + " omit the column and fail",
                split);
    }

    private Operation alterField(PyCall op, String what, String model, String field, boolean newTable) {
        if (newTable) {
            return safe(op, what, "alters a column of a table created in this deploy");
        }
        Optional<PyCall> nu = op.arg("field", 2).flatMap(t -> PyCall.parse(t, 0));
        Optional<PyCall> old = history.field(model, field);
        String split =
                "expand: add a new field with the new definition (nullable), write both, backfill; contract: remove the"
                        + " old one in a later deploy";
        if (nu.isEmpty() || old.isEmpty()) {
            return breaking(
                    op,
                    what,
                    "the field's previous definition is not in the app's migrations: a type or NOT NULL"
                            + " change cannot be ruled out",
                    split);
        }
        PyCall a = old.get();
        PyCall b = nu.get();
        if (!a.name().equals(b.name())) {
            return breaking(
                    op,
                    what,
                    "changes the column type (" + a.name() + " -> " + b.name()
                            + "): the table is rewritten and the running version reads and writes the old type",
                    split);
        }
        if (number(a, "max_length").isPresent()
                && number(b, "max_length").isPresent()
                && number(b, "max_length").get() < number(a, "max_length").get()) {
            return breaking(
                    op,
                    what,
                    "shortens max_length " + number(a, "max_length").get() + " -> "
                            + number(b, "max_length").get() + ": the running version may write longer values",
                    split);
        }
        for (String kw : List.of("max_digits", "decimal_places", "db_column", "to", "dim", "base_field", "size")) {
            String x = a.arg(kw, -1).map(PyCall::text).orElse("");
            String y = b.arg(kw, -1).map(PyCall::text).orElse("");
            if (!x.equals(y)) {
                return breaking(
                        op,
                        what,
                        "changes " + kw + " (" + (x.isEmpty() ? "unset" : x) + " -> " + (y.isEmpty() ? "unset" : y)
                                + "): the column changes under the running version",
                        split);
            }
        }
        if (a.isTrue("null") && !b.isTrue("null")) {
            return breaking(
                    op,
                    what,
                    "sets NOT NULL: existing NULLs fail the migration and the running version may still write NULL",
                    "expand: write the field from the new code and backfill; contract: set NOT NULL in a later deploy");
        }
        if (!a.isTrue("unique") && b.isTrue("unique") && !a.isTrue("primary_key")) {
            return breaking(
                    op,
                    what,
                    "adds a unique constraint on existing data: duplicates fail the migration and the running"
                            + " version may still write duplicates",
                    "expand: deduplicate and make the new code keep values unique; contract: add unique=True in a later deploy");
        }
        return safe(op, what, "same column type and nullability (" + b.name() + ")");
    }

    private Operation constraint(PyCall op, String n, String modelName) {
        String model = n.equals("AlterUniqueTogether") ? op.string("name", 0).orElse("?") : modelName;
        boolean newTable = isNew(model);
        String what = n + " " + model;
        if (newTable) {
            return safe(op, what, "constrains a table created in this deploy");
        }
        if (n.equals("AlterUniqueTogether")) {
            boolean empty = op.arg("unique_together", 1)
                    .map(t -> t.size() <= 3 && t.stream().noneMatch(x -> x.type() == Type.STRING))
                    .orElse(true);
            if (empty) {
                return safe(op, what, "removes unique_together (relaxes a constraint)");
            }
        }
        String kind = op.arg("constraint", 1)
                .flatMap(t -> PyCall.parse(t, 0))
                .map(PyCall::name)
                .orElse("unique_together");
        return breaking(
                op,
                what,
                "adds a " + kind + " on existing data: rows that violate it fail the migration and the running"
                        + " version may still write such rows",
                "expand: clean the data and make the new code comply; contract: add the constraint in a later deploy"
                        + " (PostgreSQL: AddConstraintNotValid, then ValidateConstraint)");
    }

    private Operation runSql(PyCall op) {
        Optional<List<Token>> reverse =
                op.arg("reverse_sql", 1).filter(r -> !(r.size() == 1 && r.get(0).is("None")));
        if (reverse.isEmpty()) {
            return breaking(
                    op,
                    "RunSQL",
                    "RunSQL without reverse_sql: it cannot be unapplied, so rolling this deploy back"
                            + " cannot undo it",
                    "give it reverse_sql (migrations.RunSQL.noop when undoing needs nothing), and keep the SQL additive");
        }
        String sql = op.arg("sql", 0)
                .map(t -> t.stream()
                        .filter(x -> x.type() == Type.STRING)
                        .map(Token::text)
                        .reduce("", (x, y) -> x + " " + y))
                .orElse("");
        var m = DESTRUCTIVE_SQL.matcher(sql);
        if (m.find()) {
            return breaking(
                    op,
                    "RunSQL",
                    "the SQL runs `" + m.group().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")
                            + "`: it removes, renames, retypes or constrains what the running version uses",
                    "expand: additive SQL only now; contract: the destructive statement in a later deploy");
        }
        return safe(op, "RunSQL", "reversible SQL with no DROP, RENAME, type change, NOT NULL or constraint");
    }

    private boolean isNew(String model) {
        return newModels.contains(key(model));
    }

    private String key(String model) {
        return app + "." + model.toLowerCase(Locale.ROOT);
    }

    private static Optional<Integer> number(PyCall c, String kw) {
        return c.arg(kw, -1)
                .filter(t -> t.size() == 1 && t.get(0).type() == Type.NUMBER)
                .map(t -> {
                    try {
                        return Integer.parseInt(t.get(0).text().replace("_", ""));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                });
    }

    private static Operation safe(PyCall op, String what, String reason) {
        return new Operation(what, op.line(), Verdict.SAFE, reason, "");
    }

    /**
     * Safe on a table this deploy creates (no running version uses it), else breaking; the words are
     * the operation's row of {@value #TABLE_VERDICTS}, with {@code {name}} replaced by {@code names}.
     */
    private static Operation onExistingTable(PyCall op, String what, boolean newTable, Map<String, String> names) {
        if (newTable) {
            return safe(op, what, VERDICTS.get(op.name() + ".new"));
        }
        return breaking(
                op,
                what,
                filledIn(VERDICTS.get(op.name() + ".breaking"), names),
                filledIn(VERDICTS.get(op.name() + ".fix"), names));
    }

    /**
     * {@code text} with each {@code {name}} replaced by its value in one pass, so a name that itself
     * holds braces is never read as a placeholder; a placeholder the operation does not supply is
     * a row of {@value #TABLE_VERDICTS} that golden was built with wrong.
     */
    static String filledIn(String text, Map<String, String> names) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            String value = names.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("golden is built wrong: " + TABLE_VERDICTS + " uses " + m.group()
                        + ", which this operation does not supply (" + names.keySet() + ")");
            }
            return Matcher.quoteReplacement(value);
        });
    }

    private static Operation breaking(PyCall op, String what, String reason, String split) {
        return new Operation(what, op.line(), Verdict.BREAKING, reason, split);
    }
}
