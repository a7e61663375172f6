package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ForeignKey (or OneToOneField) from a tenant model to a tenant model also matches the tenant
 * at the database: {@code (tenant_id, parent_id) -> (tenant_id, id)}. PostgreSQL checks a
 * foreign key as the table owner, ignoring row-level security, so a key on {@code id} alone lets
 * the application role link one tenant's row to another's. Django cannot declare a composite
 * key, so a migration adds it: the scaffold's {@code tenant_foreign_key("<table>", "<column>", ...)}
 * or raw {@code ALTER TABLE "<table>" ADD CONSTRAINT ... FOREIGN KEY ("tenant_id", "<column>")}.
 */
public final class TenantForeignKeyRule extends ConfiguredRule {

    private static final Pattern HELPER =
            Pattern.compile("tenant_foreign_key\\(\\s*[\"']([\\w.]+)[\"']\\s*,\\s*[\"'](\\w+)[\"']");
    private static final Pattern SQL = Pattern.compile(
            "(?is)ALTER\\s+TABLE\\s+(?:ONLY\\s+)?\\\\?\"?([\\w.]+?)\\\\?\"?\\s+"
                    + "ADD\\s+CONSTRAINT\\s+\\\\?\"?\\w+\\\\?\"?\\s+FOREIGN\\s+KEY\\s*\\(\\s*\\\\?\"?tenant_id\\\\?\"?\\s*,\\s*\\\\?\"?(\\w+)");

    public TenantForeignKeyRule(VerifyConfig config) {
        super(RuleTexts.TENANCY_FK_TENANT.text(), config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        DjangoCode code = DjangoCode.of(tree, config);
        Set<String> composite = compositeKeys(tree);
        DjangoApps apps = DjangoApps.of(tree, config);
        List<Violation> out = new ArrayList<>();
        for (DjangoCode.Model m : code.tenantModelsByName.values()) {
            PyClass c = m.cls();
            String label = apps.appOf(c.path()).map(DjangoApps.App::label).orElse("");
            String table = dbTable(c).orElse(label + "_" + c.name().toLowerCase(Locale.ROOT));
            for (PyClass declaring : code.withAncestors(c)) {
                for (List<Token> l : fieldLines(declaring)) {
                    String field = l.get(0).text();
                    Optional<String> target = target(l).map(t -> t.equals("self") ? c.name() : PythonModule.simple(t));
                    if (field.equals("tenant")
                            || target.isEmpty()
                            || !code.tenantModelsByName.containsKey(target.get())) {
                        continue;
                    }
                    String column = dbColumn(l).orElse(field + "_id");
                    if (composite.contains(table + "|" + column)) {
                        continue;
                    }
                    out.add(violation(
                            declaring.path(),
                            l.get(0).line(),
                            c.name() + "." + field + " references tenant model "
                                    + target.get() + " by id only: no (tenant_id, " + column
                                    + ") -> (tenant_id, id) key on "
                                    + table + " in any migration"));
                }
            }
        }
        return out;
    }

    /** {@code table|column} of every composite tenant key the migrations add. */
    static Set<String> compositeKeys(ProjectTree tree) {
        Set<String> keys = new HashSet<>();
        tree.files(p -> p.contains("/migrations/") && p.endsWith(".py"))
                .forEach(p -> tree.text(p).ifPresent(raw -> {
                    // SQL split over adjacent string literals ('ALTER TABLE ... ' 'FOREIGN KEY ...') read as one
                    // string.
                    String text = raw.replaceAll("'\\s+'", "").replaceAll("\"\\s+\"", "");
                    for (Pattern pattern : List.of(HELPER, SQL)) {
                        Matcher m = pattern.matcher(text);
                        while (m.find()) {
                            keys.add(m.group(1) + "|" + m.group(2));
                        }
                    }
                }));
        return keys;
    }

    /** The field definitions of the class's own body: {@code name = models.ForeignKey(...)} at the body's indent. */
    private static List<List<Token>> fieldLines(PyClass c) {
        List<List<Token>> out = new ArrayList<>();
        int indent = c.firstIndent();
        for (List<Token> l : c.body()) {
            if (l.size() > 3
                    && l.get(0).type() == Type.NAME
                    && l.get(1).is("=")
                    && l.get(0).indent() == indent
                    && l.stream().anyMatch(t -> t.is("ForeignKey") || t.is("OneToOneField"))) {
                out.add(l);
            }
        }
        return out;
    }

    /** The related model: the first argument or {@code to=}, a name, a dotted name or a string ("self", "app.Model"). */
    static Optional<String> target(List<Token> l) {
        for (int k = 0; k + 1 < l.size(); k++) {
            if ((l.get(k).is("ForeignKey") || l.get(k).is("OneToOneField"))
                    && l.get(k + 1).is("(")) {
                int first = k + 2;
                for (int m = first; m + 2 < l.size(); m++) {
                    if (l.get(m).is("to") && l.get(m + 1).is("=")) {
                        first = m + 2;
                        break;
                    }
                }
                if (first >= l.size()) {
                    return Optional.empty();
                }
                Token t = l.get(first);
                if (t.type() == Type.STRING) {
                    return Optional.of(t.text());
                }
                StringBuilder name = new StringBuilder();
                for (int m = first;
                        m < l.size()
                                && (l.get(m).type() == Type.NAME || l.get(m).is("."));
                        m++) {
                    name.append(l.get(m).text());
                }
                return name.length() == 0 ? Optional.empty() : Optional.of(name.toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> dbColumn(List<Token> l) {
        for (int k = 0; k + 2 < l.size(); k++) {
            if (l.get(k).is("db_column") && l.get(k + 1).is("=") && l.get(k + 2).type() == Type.STRING) {
                return Optional.of(l.get(k + 2).text());
            }
        }
        return Optional.empty();
    }

    /** {@code db_table = "..."} in the model's Meta. */
    private static Optional<String> dbTable(PyClass c) {
        for (List<Token> l : c.body()) {
            if (l.size() > 2
                    && l.get(0).is("db_table")
                    && l.get(1).is("=")
                    && l.get(2).type() == Type.STRING) {
                return Optional.of(l.get(2).text());
            }
        }
        return Optional.empty();
    }
}
