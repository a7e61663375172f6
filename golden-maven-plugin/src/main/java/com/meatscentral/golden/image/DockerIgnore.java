package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code .dockerignore} file with the Docker CLI's semantics (moby/patternmatcher,
 * {@code ReadAll} + {@code MatchesOrParentMatches}): {@code #} comments, blank lines,
 * surrounding whitespace trimmed, paths cleaned (leading and trailing {@code /} dropped),
 * {@code *} and {@code ?} within one path segment, {@code **} across any number of
 * segments, {@code !} re-includes, the last matching line wins, and a pattern that
 * matches a parent directory matches everything under it. No maintained Java library
 * implements these exact rules, hence this small class.
 */
public final class DockerIgnore {

    private record Rule(String text, Pattern regex, boolean exception) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    /** Reads {@code <contextDir>/.dockerignore}; no file means nothing is excluded. */
    public static DockerIgnore forContext(Path contextDir) {
        Path file = contextDir.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static DockerIgnore parse(String content, String source) {
        List<Rule> rules = new ArrayList<>();
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int lineNo = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNo++;
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new GoldenException(
                            source + " line " + lineNo + ": illegal exclusion pattern \"!\"",
                            "write the path to re-include after the '!', e.g. !README.md");
                }
            }
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
            try {
                rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), exception));
            } catch (PatternSyntaxException e) {
                throw new GoldenException(
                        source + " line " + lineNo + ": bad pattern " + line.strip(),
                        "check the brackets of the pattern",
                        e);
            }
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** True when the exclusions list contains a {@code !} line (then excluded dirs must still be walked). */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /**
     * Whether {@code relativePath} (slash-separated, relative to the context) is left out of
     * the context: the last rule that matches the path or one of its parent directories decides.
     */
    public boolean excludes(String relativePath) {
        String path = clean(relativePath);
        if (path.equals(".")) {
            return false;
        }
        List<String> parents = new ArrayList<>();
        int slash = path.indexOf('/');
        while (slash > 0) {
            parents.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue; // an exception only matters once excluded, an exclusion only until then
            }
            boolean match = rule.regex().matcher(path).matches();
            for (int i = 0; !match && i < parents.size(); i++) {
                match = rule.regex().matcher(parents.get(i)).matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Go's path.Clean for slash paths: collapses //, /./ and dir/.., drops a trailing /. */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add(part);
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** patternmatcher's translation of a pattern to a regular expression. */
    static String toRegex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++; // "**/" is treated as "**"
                    }
                    if (i + 1 == pattern.length()) {
                        re.append(".*");
                    } else {
                        re.append("(.*/)?");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (".+()|{}$^".indexOf(ch) >= 0) {
                re.append('\\').append(ch);
            } else if (ch == '\\') {
                if (i + 1 < pattern.length()) {
                    re.append('\\').append(pattern.charAt(++i));
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                re.append("[^");
                i++;
            } else {
                re.append(ch);
            }
        }
        return re.append('$').toString();
    }

    @Override
    public String toString() {
        return rules.stream()
                .map(r -> (r.exception() ? "!" : "") + r.text())
                .toList()
                .toString();
    }
}
