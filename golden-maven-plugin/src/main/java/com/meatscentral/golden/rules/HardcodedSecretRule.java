package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * No literal value assigned to a name the manifest declares as a secret (a logical variable
 * such as DB_PASSWORD, or a CI secret name such as PROD_DB_PASSWORD), in code, config or docs.
 * In the style of gitleaks' generic-api-key rule: keyword, assignment operator, then a value
 * of at least {@value #MIN_LENGTH} characters whose Shannon entropy is at least
 * {@value #MIN_ENTROPY} bits per character (gitleaks' threshold), or {@value #MIN_ENTROPY_SENSITIVE}
 * for names that say they are credentials (PASSWORD, SECRET, TOKEN, KEY); references ({@code ${{ secrets.X }}}, {@code $X},
 * {@code os.environ[...]}) and placeholders are not values.
 */
public final class HardcodedSecretRule implements Rule {

    static final int MIN_LENGTH = 8;
    static final double MIN_ENTROPY = 3.5;
    static final double MIN_ENTROPY_SENSITIVE = 3.0;
    private static final Pattern SENSITIVE = Pattern.compile("(?i)PASSWORD|SECRET|TOKEN|KEY|PASSPHRASE");
    private static final Set<String> TEXT_EXTENSIONS = Set.of("py", "js", "jsx", "ts", "tsx", "json", "yml", "yaml",
            "toml", "cfg", "ini", "conf", "md", "txt", "sh", "bash", "env", "properties", "xml", "html", "rst", "tf");

    private final Set<String> names;
    private final String manifestPath;
    private final Set<String> upperNames;
    private final Pattern pattern;

    public HardcodedSecretRule(Collection<String> secretNames, String manifestPath) {
        this.names = Set.copyOf(secretNames);
        this.manifestPath = manifestPath;
        this.upperNames = names.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
        // An identifier, optional closing quote, an assignment operator, optional opening quote, the value.
        // The identifier is then looked up in the name set: one simple regex instead of an 80-way alternation.
        this.pattern = Pattern.compile("(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]{2,})[\"']?[ \t]*(?::=|=>|=|:)[ \t]*"
                + "([fbrFBR]?[\"'`])?([^\\s\"'`,;)}\\]]+)");
    }

    @Override
    public String id() {
        return "hardcoded-secret";
    }

    @Override
    public String reason() {
        return "a secret in the repository is a leaked secret; values come from CI secrets named by the manifest";
    }

    @Override
    public String fix() {
        return "read it from the environment (its CI secret) and rotate the leaked value; "
                + "a deliberate non-secret gets `golden:allow hardcoded-secret <reason>`";
    }

    static boolean scanned(String path) {
        String name = ProjectTree.fileName(path);
        if (name.startsWith(".env") || MigrateAtStartupRule.isDockerfile(path) || name.startsWith("docker-compose")) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && TEXT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        if (names.isEmpty()) {
            return out;
        }
        tree.files(p -> scanned(p) && !p.equals(manifestPath)).forEach(path -> tree.text(path).ifPresent(text -> {
            if (!mentionsAName(text)) {
                return;
            }
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (!upperNames.contains(m.group(1).toUpperCase(java.util.Locale.ROOT))) {
                    continue;
                }
                String value = m.group(3);
                boolean quoted = m.group(2) != null;
                if (isReference(text, m.start(3), value, !quoted && isCode(path)) || value.length() < MIN_LENGTH
                        || entropy(value) < (SENSITIVE.matcher(m.group(1)).find() ? MIN_ENTROPY_SENSITIVE : MIN_ENTROPY)) {
                    continue;
                }
                out.add(violation(path, tree.lineOf(path, m.start()),
                        m.group(1) + " is assigned a literal value (" + value.length() + " chars, entropy "
                                + String.format(java.util.Locale.ROOT, "%.1f", entropy(value)) + ")"));
            }
        }));
        return out;
    }

    /** Cheap pre-filter: most files mention none of the names. */
    private boolean mentionsAName(String text) {
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        for (String n : upperNames) {
            if (upper.contains(n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCode(String path) {
        return path.matches(".*\\.(py|js|jsx|ts|tsx)$");
    }

    /** Whether the value refers to something else (env lookups, expressions, placeholders), rather than being one. */
    private static boolean isReference(String text, int start, String value, boolean unquotedInCode) {
        char before = start > 0 ? text.charAt(start - 1) : ' ';
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        return value.startsWith("$") || value.startsWith("%") || value.startsWith("<") || value.startsWith("{")
                || value.startsWith("${") || before == '{' || lower.startsWith("os.") || lower.startsWith("env(")
                || lower.startsWith("env.") || lower.startsWith("config(") || lower.startsWith("getenv")
                || lower.startsWith("process.env") || lower.startsWith("secrets.") || lower.startsWith("settings.")
                || lower.startsWith("self.") || lower.startsWith("window.") || lower.startsWith("none")
                || lower.startsWith("null") || lower.startsWith("true") || lower.startsWith("false")
                || lower.contains("example") || lower.contains("changeme") || lower.contains("placeholder")
                || lower.startsWith("your") || lower.matches("x{3,}.*|\\*+|\\.{3}.*")
                || value.matches("[A-Z][A-Z0-9_]*") // another NAME: a mapping, not a value
                // In code, an unquoted identifier or call is an expression, not a literal.
                || unquotedInCode && isCodeExpression(value);
    }

    private static boolean isCodeExpression(String value) {
        return value.matches("[A-Za-z_][A-Za-z0-9_.]*(\\(.*)?") && !value.matches(".*\\d.*");
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = new java.util.HashMap<>();
        for (char c : s.toCharArray()) {
            if (c < 128) {
                counts[c]++;
            } else {
                other.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                h -= c / n * (Math.log(c / n) / Math.log(2));
            }
        }
        for (int c : other.values()) {
            h -= c / n * (Math.log(c / n) / Math.log(2));
        }
        return h;
    }
}
