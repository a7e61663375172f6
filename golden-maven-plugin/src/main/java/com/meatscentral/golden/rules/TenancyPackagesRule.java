package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No schema-per-tenant package among the declared Python dependencies: requirements*.txt
 * (and the files they include with -r), pyproject.toml (PEP 621 arrays and Poetry tables),
 * setup.cfg (install_requires / extras_require). Names are compared after PEP 503
 * normalisation, so Django_Tenants and django.tenants are caught too.
 */
public final class TenancyPackagesRule extends DescribedRule {

    static final Set<String> FORBIDDEN = Set.of(
            "django-tenants",
            "django-tenant-schemas",
            "tenant-schemas-celery",
            "django-tenants-celery-beat",
            "django-pgschemas");

    private static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");
    private static final Pattern TOML_KEY = Pattern.compile("^\\s*[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)[\"']?\\s*=");

    /** PEP 503: lower case, runs of -_. become one -. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    public TenancyPackagesRule() {
        super(RuleTexts.TENANCY_PACKAGES.text());
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        tree.files(p -> ProjectTree.fileName(p).matches("requirements.*\\.(txt|in)"))
                .forEach(p -> requirements(tree, p, seen, out));
        tree.files(p -> ProjectTree.fileName(p).equals("pyproject.toml")).forEach(p -> pyproject(tree, p, out));
        tree.files(p -> ProjectTree.fileName(p).equals("setup.cfg")).forEach(p -> setupCfg(tree, p, out));
        return out;
    }

    private void requirements(ProjectTree tree, String path, Set<String> seen, List<Violation> out) {
        if (!seen.add(path)) {
            return;
        }
        List<String> lines = tree.lines(path);
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.startsWith("-r ") || line.startsWith("--requirement") || line.startsWith("-c ")) {
                String target = line.replaceFirst("^(-r|-c|--requirement=?|--constraint=?)\\s*", "")
                        .strip();
                String dir = ProjectTree.directory(path);
                String included = java.nio.file.Path.of(dir.isEmpty() ? "." : dir)
                        .resolve(target)
                        .normalize()
                        .toString()
                        .replace('\\', '/');
                if (tree.exists(included)) {
                    requirements(tree, included, seen, out);
                }
                continue;
            }
            if (line.startsWith("-")) {
                continue;
            }
            check(path, i + 1, line, out);
        }
    }

    private void pyproject(ProjectTree tree, String path, List<Violation> out) {
        List<String> lines = tree.lines(path);
        String table = "";
        boolean inDependencyArray = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.startsWith("[") && !inDependencyArray) {
                table = line.replaceAll("[\\[\\]\\s]", "");
                continue;
            }
            boolean poetryDeps = table.startsWith("tool.poetry") && table.endsWith("dependencies");
            if (poetryDeps) {
                Matcher key = TOML_KEY.matcher(line);
                if (key.find()) {
                    check(path, i + 1, key.group(1), out);
                }
                continue;
            }
            if (line.matches("^(dependencies|requires|[A-Za-z0-9_-]+)\\s*=\\s*\\[.*")
                    && (table.equals("project")
                            || table.equals("project.optional-dependencies")
                            || table.equals("build-system")
                            || table.equals("dependency-groups"))) {
                inDependencyArray = !line.contains("]");
                quoted(path, i + 1, line.substring(line.indexOf('[')), out);
                continue;
            }
            if (inDependencyArray) {
                quoted(path, i + 1, line, out);
                if (line.contains("]")) {
                    inDependencyArray = false;
                }
            }
        }
    }

    private void setupCfg(ProjectTree tree, String path, List<Violation> out) {
        List<String> lines = tree.lines(path);
        String section = "";
        boolean inList = false;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = stripComment(raw).strip();
            if (line.startsWith("[")) {
                section = line;
                inList = false;
                continue;
            }
            boolean continuation = !raw.isEmpty() && Character.isWhitespace(raw.charAt(0));
            if (!continuation) {
                inList = section.equals("[options]") && line.startsWith("install_requires")
                        || section.equals("[options.extras_require]") && line.contains("=");
                int eq = line.indexOf('=');
                if (inList && eq >= 0 && !line.substring(eq + 1).isBlank()) {
                    check(path, i + 1, line.substring(eq + 1).strip(), out);
                }
                continue;
            }
            if (inList && !line.isEmpty()) {
                check(path, i + 1, line, out);
            }
        }
    }

    private void quoted(String path, int line, String text, List<Violation> out) {
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            check(path, line, m.group(1), out);
        }
    }

    private void check(String path, int line, String requirement, List<Violation> out) {
        Matcher m = REQUIREMENT_NAME.matcher(requirement);
        if (m.find()) {
            String name = normalize(m.group(1));
            if (FORBIDDEN.contains(name)) {
                out.add(violation(path, line, "depends on " + name + ", a schema-per-tenant library"));
            }
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        if (line.startsWith("#")) {
            return "";
        }
        return hash >= 0 ? line.substring(0, hash) : line;
    }
}
