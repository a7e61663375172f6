package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** No committed {@code .env} or {@code .env.*} file (including .env.example) assigns a value. */
public final class EnvFilesRule extends DescribedRule {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(.*)$");

    public EnvFilesRule() {
        super(RuleTexts.ENV_FILE_VALUES.text());
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        tree.files(p -> {
                    String name = ProjectTree.fileName(p);
                    return name.equals(".env") || name.startsWith(".env.");
                })
                .forEach(path -> {
                    List<String> lines = tree.lines(path);
                    int first = 0;
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = ASSIGNMENT.matcher(lines.get(i));
                        if (m.matches() && !value(m.group(2)).isEmpty()) {
                            if (first == 0) {
                                first = i + 1;
                            }
                            names.add(m.group(1));
                        }
                    }
                    if (first > 0) {
                        out.add(violation(
                                path,
                                first,
                                "committed env file assigns values to " + names.size() + " name(s): "
                                        + String.join(", ", names.subList(0, Math.min(5, names.size())))
                                        + (names.size() > 5 ? ", ..." : "")));
                    }
                });
        return out;
    }

    /** The value without quotes and trailing comment; empty for {@code NAME=}, {@code NAME=""}. */
    static String value(String raw) {
        String v = raw.strip();
        if (v.startsWith("#")) {
            return "";
        }
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        int hash = v.indexOf(" #");
        return (hash >= 0 ? v.substring(0, hash) : v).strip();
    }
}
