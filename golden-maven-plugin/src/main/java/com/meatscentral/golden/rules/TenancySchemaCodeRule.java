package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Schema-per-tenant code in Python: imports of django_tenants / tenant_schemas,
 * {@code schema_context}, {@code connection.schema_name}, {@code migrate_schemas} or
 * {@code migrate --tenant} in call_command/subprocess arguments, tenant DATABASE_ROUTERS,
 * TENANT_MODEL / TENANT_DOMAIN_MODEL settings. Comments, docstrings and prose strings that
 * describe the prohibition are not code and are not reported.
 */
public final class TenancySchemaCodeRule extends DescribedRule {

    static final Set<String> SCHEMA_MODULES =
            Set.of("django_tenants", "tenant_schemas", "tenant_schemas_celery", "django_pgschemas");
    private static final Set<String> COMMAND_RUNNERS = Set.of(
            "call_command",
            "subprocess",
            "system",
            "Popen",
            "run",
            "check_call",
            "check_output",
            "execute_from_command_line",
            "popen");

    public TenancySchemaCodeRule() {
        super(RuleTexts.TENANCY_SCHEMA_CODE.text());
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        tree.files(p -> p.endsWith(".py")).forEach(path -> checkFile(path, tree.pythonLines(path), out));
        tree.files(TenancySchemaCodeRule::isCommandFile).forEach(path -> checkCommands(path, tree.lines(path), out));
        return out;
    }

    /** Schema-per-tenant management commands and helpers, as words in a command line. */
    private static final java.util.regex.Pattern SCHEMA_COMMAND = java.util.regex.Pattern.compile(
            "\\b(migrate_schemas|schema_context|tenant_context|tenant_command|all_tenants_command|create_tenant_superuser"
                    + "|clone_tenant)\\b|\\bmigrate\\b[^#\\n]*\\s--(tenant|schema)\\b");

    /**
     * Where commands run besides Python: shell scripts, Makefiles, Dockerfiles, compose files,
     * workflow steps, devcontainer files, Procfiles.
     */
    static boolean isCommandFile(String path) {
        String name = ProjectTree.fileName(path);
        return name.endsWith(".sh")
                || name.endsWith(".bash")
                || name.equals("Makefile")
                || name.endsWith(".mk")
                || name.equals("Procfile")
                || MigrateAtStartupRule.isDockerfile(path)
                || name.startsWith("docker-compose")
                || name.startsWith("compose.")
                || path.startsWith(".github/workflows/") && (name.endsWith(".yml") || name.endsWith(".yaml"))
                || path.startsWith(".github/actions/") && (name.endsWith(".yml") || name.endsWith(".yaml"))
                || path.startsWith(".devcontainer/")
                || path.contains("/.devcontainer/");
    }

    private void checkCommands(String path, List<String> lines, List<Violation> out) {
        boolean json = path.endsWith(".json");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = withoutComment(line, json);
            java.util.regex.Matcher m = SCHEMA_COMMAND.matcher(code);
            if (m.find()) {
                String what = m.group(1) != null ? m.group(1) : "migrate --" + m.group(2);
                out.add(violation(path, i + 1, "runs " + what + " (schema-per-tenant)"));
            }
        }
    }

    /** The line without a trailing comment: '#' at a word start (shell, make, YAML, Dockerfile) or '//' in JSON(C). */
    private static String withoutComment(String line, boolean json) {
        String stripped = line.stripLeading();
        if (json) {
            return stripped.startsWith("//") ? "" : line;
        }
        if (stripped.startsWith("#")) {
            return "";
        }
        int hash = line.indexOf(" #");
        return hash >= 0 ? line.substring(0, hash) : line;
    }

    private void checkFile(String path, List<List<Token>> lines, List<Violation> out) {
        for (List<Token> line : lines) {
            Token first = line.get(0);
            if (first.is("import") || first.is("from")) {
                for (int k = 1; k < line.size(); k++) {
                    Token t = line.get(k);
                    if (t.type() == Type.NAME
                            && SCHEMA_MODULES.contains(t.text())
                            && (k == 1 || !line.get(k - 1).is("."))) {
                        out.add(violation(path, t.line(), "imports " + t.text() + ", a schema-per-tenant library"));
                        break;
                    }
                }
            }
            if (first.type() == Type.NAME && line.size() > 1 && line.get(1).is("=")) {
                switch (first.text()) {
                    case "TENANT_MODEL", "TENANT_DOMAIN_MODEL" ->
                        out.add(violation(path, first.line(), first.text() + " is a django-tenants setting"));
                    case "DATABASE_ROUTERS" -> {
                        if (line.stream()
                                .anyMatch(t -> t.type() == Type.STRING
                                        && t.text().toLowerCase(Locale.ROOT).contains("tenant"))) {
                            out.add(violation(
                                    path, first.line(), "DATABASE_ROUTERS routes by tenant (schema routing)"));
                        }
                    }
                    default -> {}
                }
            }
            boolean runsCommand =
                    line.stream().anyMatch(t -> t.type() == Type.NAME && COMMAND_RUNNERS.contains(t.text()));
            boolean migrateArg = false;
            boolean tenantArg = false;
            for (int k = 0; k < line.size(); k++) {
                Token t = line.get(k);
                if (t.type() == Type.NAME && t.text().equals("schema_context")) {
                    out.add(violation(path, t.line(), "schema_context switches PostgreSQL schemas per tenant"));
                }
                if (t.type() == Type.NAME
                        && t.text().equals("schema_name")
                        && k >= 2
                        && line.get(k - 1).is(".")
                        && line.get(k - 2).text().equals("connection")) {
                    out.add(violation(path, t.line(), "connection.schema_name belongs to schema-per-tenant"));
                }
                if (t.type() == Type.STRING && !t.standalone() && runsCommand) {
                    String s = t.text();
                    if (s.contains("migrate_schemas")) {
                        out.add(violation(path, t.line(), "runs migrate_schemas (schema migrations)"));
                    }
                    if (s.matches("(?s).*\\bmigrate\\b.*--tenant\\b.*")) {
                        out.add(violation(path, t.line(), "runs `migrate --tenant` (per-tenant migrations)"));
                    } else {
                        migrateArg |= s.strip().equals("migrate");
                        tenantArg |= s.strip().startsWith("--tenant");
                    }
                }
            }
            if (migrateArg && tenantArg) {
                out.add(violation(path, first.line(), "passes `migrate` with `--tenant` (per-tenant migrations)"));
            }
        }
    }
}
