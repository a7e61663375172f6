package com.meatscentral.golden.ssh;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which manifest environments are production, as shell-style globs ({@code *}, {@code ?}),
 * comma separated: {@code golden.ssh.productionEnvironments}, default {@code prod*}. Safety
 * switches such as {@code golden.ssh.insecureHostKey} are refused for them.
 */
public final class ProductionEnvironments {

    public static final ProductionEnvironments DEFAULT = parse("prod*");

    private final String text;
    private final List<Pattern> patterns;

    private ProductionEnvironments(String text, List<Pattern> patterns) {
        this.text = text;
        this.patterns = patterns;
    }

    /** {@code prod*,live-*}; blank means the default. */
    public static ProductionEnvironments parse(String globs) {
        if (globs == null || globs.isBlank()) {
            return DEFAULT;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : globs.split(",")) {
            String g = glob.strip();
            if (g.isEmpty()) {
                continue;
            }
            if (!g.matches("[A-Za-z0-9_.*?-]+")) {
                throw new GoldenException(
                        "golden.ssh.productionEnvironments entry '" + g + "' is not a name pattern",
                        "use environment names with * and ? as wildcards, comma separated, e.g. prod*,live-*");
            }
            StringBuilder regex = new StringBuilder();
            for (char c : g.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        return new ProductionEnvironments(String.join(",", globs.strip().split("\\s*,\\s*")), List.copyOf(patterns));
    }

    public boolean matches(String environment) {
        return environment != null
                && patterns.stream().anyMatch(p -> p.matcher(environment).matches());
    }

    @Override
    public String toString() {
        return text;
    }
}
