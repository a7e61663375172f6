package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No literal secret in the repository: in code, config, docs and committed {@code *.env} files,
 * a literal value assigned to a sensitive name ({@link SecretSensitivity}: the manifest's
 * {@code sensitive} marks, its frontend_runtime variables never, else the name's parts), or a
 * URL with a literal password ({@code scheme://user:password@host}) under any name.
 * In the style of gitleaks' generic-api-key rule: a value of at least {@value #MIN_LENGTH}
 * characters with a Shannon entropy of at least {@value #MIN_ENTROPY} bits per character (gitleaks'
 * 3.5 is for names that do not say "password"; a human-chosen password has less). References
 * ({@code ${{ secrets.X }}}, {@code $X}, {@code ${X}}, {@code $(cmd)}, {@code os.environ[...]},
 * {@code env(...)}), placeholders and, in code, unquoted expressions are not values.
 * Precision on the reference repository's own tree: see docs/goals/verify.md.
 */
public final class HardcodedSecretRule extends DescribedRule {

    static final int MIN_LENGTH = 8;
    static final double MIN_ENTROPY = 3.0;
    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "py",
            "js",
            "jsx",
            "ts",
            "tsx",
            "json",
            "yml",
            "yaml",
            "toml",
            "cfg",
            "ini",
            "conf",
            "md",
            "txt",
            "sh",
            "bash",
            "env",
            "properties",
            "xml",
            "html",
            "rst",
            "tf");
    /** Cheap pre-filter: a file with none of these (any case) has nothing this rule looks for. */
    private static final Pattern HINT = Pattern.compile("(?i)pass|secret|token|key|private|credential|dsn|://");
    // An identifier, optional closing quote, an assignment operator, optional opening quote, the value.
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?<![A-Za-z0-9_$])([A-Za-z_][A-Za-z0-9_]{2,})[\"']?[ \t]*"
                    + "(?::=|=>|=|:)[ \t]*([fbrFBR]?[\"'`])?([^\\s\"'`,;)}\\]]+)");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://([^\\s:/@'\"`]*):([^\\s@'\"`/]+)@[A-Za-z0-9.\\[\\]-]");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i).*(example|changeme|change_me|change-me|placeholder"
            + "|dummy|fake|sample|redacted|replace|your[-_]|<|>|\\.\\.\\.|\\*\\*\\*|xxxx).*|x{3,}.*|\\*+");

    private final String manifestPath;
    private final SecretSensitivity sensitivity;

    public HardcodedSecretRule(String manifestPath, SecretSensitivity sensitivity) {
        super(RuleTexts.HARDCODED_SECRET.text());
        this.manifestPath = manifestPath;
        this.sensitivity = sensitivity;
    }

    static boolean scanned(String path) {
        String name = ProjectTree.fileName(path);
        if (name.startsWith(".env")
                || name.endsWith(".env")
                || MigrateAtStartupRule.isDockerfile(path)
                || name.startsWith("docker-compose")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0
                && TEXT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && !name.equals("package-lock.json")
                && !isTestCode(path);
    }

    /**
     * Test code (tests/ folders, test_*.py, tests.py, conftest.py, *.test.js, *.spec.ts, ...): its
     * credentials are fixtures of throwaway databases and users, never deployed; committed env
     * files and configuration are checked wherever they are.
     */
    static boolean isTestCode(String path) {
        String name = ProjectTree.fileName(path);
        return isCode(path)
                && (("/" + path).matches(".*/(tests?|__tests__|testing)/.*")
                        || name.startsWith("test_")
                        || name.equals("tests.py")
                        || name.endsWith("_test.py")
                        || name.equals("conftest.py")
                        || name.matches(".*\\.(test|spec)\\.[jt]sx?$"));
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        tree.files(p -> scanned(p) && !p.equals(manifestPath))
                .forEach(path -> tree.text(path).ifPresent(text -> {
                    if (!HINT.matcher(text).find()
                            && sensitivity.markedNames().stream()
                                    .noneMatch(
                                            n -> text.toUpperCase(Locale.ROOT).contains(n))) {
                        return;
                    }
                    boolean code = isCode(path);
                    Set<Integer> reported = new java.util.HashSet<>();
                    Matcher m = ASSIGNMENT.matcher(text);
                    while (m.find()) {
                        String name = m.group(1);
                        String value = m.group(3);
                        boolean quoted = m.group(2) != null;
                        if (!sensitivity.isSensitive(name)
                                || !isLiteral(text, m.start(3), value, !quoted && code)
                                || !strong(value)) {
                            continue;
                        }
                        int line = tree.lineOf(path, m.start());
                        reported.add(line);
                        out.add(violation(
                                path,
                                line,
                                name + " is assigned a literal value (" + value.length() + " chars, entropy "
                                        + String.format(Locale.ROOT, "%.1f", entropy(value)) + ")"));
                    }
                    Matcher u = URL_PASSWORD.matcher(text);
                    while (u.find()) {
                        String password = u.group(2);
                        int line = tree.lineOf(path, u.start());
                        if (reported.contains(line)
                                || !isLiteral(text, u.start(2), password, false)
                                || !strong(password)) {
                            continue;
                        }
                        reported.add(line);
                        out.add(violation(
                                path,
                                line,
                                "a URL carries a literal password (" + password.length() + " chars, entropy "
                                        + String.format(Locale.ROOT, "%.1f", entropy(password)) + ")"));
                    }
                }));
        return out;
    }

    private static boolean strong(String value) {
        return value.length() >= MIN_LENGTH && entropy(value) >= MIN_ENTROPY;
    }

    private static boolean isCode(String path) {
        return path.matches(".*\\.(py|js|jsx|ts|tsx)$");
    }

    /** Whether the value is one, rather than referring to something else (env lookups, expressions, placeholders). */
    static boolean isLiteral(String text, int start, String value, boolean unquotedInCode) {
        char before = start > 0 ? text.charAt(start - 1) : ' ';
        String lower = value.toLowerCase(Locale.ROOT);
        boolean reference = value.startsWith("$")
                || value.startsWith("%")
                || value.startsWith("{")
                || value.contains("${")
                || value.contains("$(")
                || value.contains("{{")
                || before == '{'
                || lower.startsWith("os.")
                || lower.startsWith("env(")
                || lower.startsWith("env.")
                || lower.startsWith("config(")
                || lower.startsWith("getenv")
                || lower.startsWith("process.env")
                || lower.startsWith("import.meta.env")
                || lower.startsWith("secrets.")
                || lower.startsWith("settings.")
                || lower.startsWith("self.")
                || lower.startsWith("window.")
                || lower.startsWith("none")
                || lower.startsWith("null")
                || lower.startsWith("true")
                || lower.startsWith("false")
                || value.matches("[A-Z][A-Z0-9_]*") // another NAME: a mapping, not a value
                || PLACEHOLDER.matcher(value).matches()
                || LABEL.matcher(splitCamel(value)).find()
                // In code, an unquoted identifier or call is an expression, not a literal.
                || unquotedInCode && isCodeExpression(value);
        return !reference;
    }

    private static boolean isCodeExpression(String value) {
        return value.matches("[A-Za-z_][A-Za-z0-9_]*[.(].*") || value.matches("[A-Za-z_][A-Za-z_]*");
    }

    /**
     * A value that names its kind ('pm.token', 'apiToken', 'test-secret-key') is a label or a
     * placeholder: generated secrets do not spell out "secret".
     */
    private static final Pattern LABEL =
            Pattern.compile("(?i)(?<![a-z])(password|passwd|secret|token|key|credentials?)(?![a-z])");

    private static String splitCamel(String value) {
        return value.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
        for (char c : s.toCharArray()) {
            counts.merge(c, 1, Integer::sum);
        }
        double h = 0;
        double n = s.length();
        for (int c : counts.values()) {
            h -= c / n * (Math.log(c / n) / Math.log(2));
        }
        return h;
    }
}
