package com.meatscentral.golden.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Migrations never run at web start-up: no {@code manage.py migrate} in a Dockerfile's CMD or
 * ENTRYPOINT (exec or shell form, continuation lines joined), nor in a script of the build
 * context that the CMD/ENTRYPOINT runs (followed through COPY/ADD destinations).
 */
public final class MigrateAtStartupRule extends DescribedRule {

    static final Pattern MIGRATE = Pattern.compile("(manage\\.py|django-admin)\\s+(migrate|migrate_schemas)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Instruction(String keyword, String args, int line) {}

    static boolean isDockerfile(String path) {
        String name = ProjectTree.fileName(path);
        return name.equals("Dockerfile")
                || name.startsWith("Dockerfile.")
                || name.endsWith(".Dockerfile")
                || name.equals("Containerfile");
    }

    public MigrateAtStartupRule() {
        super(RuleTexts.MIGRATE_AT_STARTUP.text());
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        List<Violation> out = new ArrayList<>();
        tree.files(MigrateAtStartupRule::isDockerfile).forEach(path -> checkDockerfile(tree, path, out));
        return out;
    }

    private void checkDockerfile(ProjectTree tree, String path, List<Violation> out) {
        List<Instruction> instructions = parse(tree.lines(path));
        String context = ProjectTree.directory(path);
        Map<String, String> copied = new HashMap<>();
        Map<String, String> copiedDirs = new HashMap<>();
        String workdir = "/";
        for (Instruction in : instructions) {
            if (in.keyword().equals("WORKDIR")) {
                workdir = absolute(workdir, in.args().strip());
            }
            if (in.keyword().equals("COPY") || in.keyword().equals("ADD")) {
                List<String> words = words(in.args());
                words.removeIf(w -> w.startsWith("--"));
                if (words.size() >= 2) {
                    String given = words.get(words.size() - 1);
                    // A relative destination is under WORKDIR (`COPY . .` with WORKDIR /app: /app/).
                    String dest = absolute(workdir, given) + (given.endsWith("/") || given.equals(".") ? "/" : "");
                    dest = dest.replaceAll("/+$", "/");
                    for (String src : words.subList(0, words.size() - 1)) {
                        if (src.equals(".") || src.endsWith("/")) {
                            // A directory copy: /app/x.sh in the image is <src>/x.sh in the context.
                            copiedDirs.put(dest.endsWith("/") ? dest : dest + "/", src.equals(".") ? "" : src);
                            continue;
                        }
                        String name = ProjectTree.fileName(src);
                        copied.put(dest.endsWith("/") ? dest + name : dest, src);
                        copied.put(dest.endsWith("/") ? dest + name : dest + "/" + name, src);
                    }
                }
            }
            if (!in.keyword().equals("CMD") && !in.keyword().equals("ENTRYPOINT")) {
                continue;
            }
            List<String> command = command(in.args());
            String joined = String.join(" ", command);
            if (MIGRATE.matcher(joined).find()) {
                out.add(violation(path, in.line(), in.keyword() + " runs `manage.py migrate` at container start-up"));
                continue;
            }
            Set<String> scripts = new LinkedHashSet<>();
            for (String word : command) {
                for (String given : words(word)) {
                    if (given.startsWith("-") || given.isEmpty()) {
                        continue;
                    }
                    // Relative words run from WORKDIR (`sh entrypoint.sh`, `./scripts/start.sh`).
                    String w = absolute(workdir, given);
                    String src = copied.get(w);
                    if (src == null) {
                        src = copied.get(given);
                    }
                    if (src == null && given.startsWith("./")) {
                        src = given.substring(2);
                    }
                    for (Map.Entry<String, String> d : copiedDirs.entrySet()) {
                        if (src == null && w.startsWith(d.getKey())) {
                            String dir = d.getValue();
                            src = (dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/")
                                    + w.substring(d.getKey().length());
                        }
                    }
                    if (src != null) {
                        String resolved = context.isEmpty() ? src : context + "/" + src;
                        if (tree.exists(resolved)) {
                            scripts.add(resolved);
                        }
                    }
                }
            }
            for (String script : scripts) {
                List<String> lines = tree.lines(script);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (!l.startsWith("#") && MIGRATE.matcher(l).find()) {
                        out.add(violation(
                                script,
                                i + 1,
                                "entrypoint script (" + in.keyword() + " of " + path
                                        + ") runs `manage.py migrate` at container start-up"));
                    }
                }
            }
        }
    }

    /** {@code path} as an absolute image path, relative ones against {@code workdir}; "." and ".." resolved. */
    static String absolute(String workdir, String path) {
        String joined = path.startsWith("/") ? path : workdir + "/" + path;
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Instructions with continuation lines joined; comments and blank lines dropped. */
    static List<Instruction> parse(List<String> lines) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (current == null && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (current != null && stripped.startsWith("#")) {
                continue; // comment lines inside a continuation are removed by Docker
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = stripped.endsWith("\\");
            current.append(continues ? stripped.substring(0, stripped.length() - 1) : stripped)
                    .append(' ');
            if (!continues) {
                add(out, current.toString().strip(), start);
                current = null;
            }
        }
        if (current != null) {
            add(out, current.toString().strip(), start);
        }
        return out;
    }

    private static void add(List<Instruction> out, String text, int line) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        out.add(new Instruction(
                keyword, space < 0 ? "" : text.substring(space + 1).strip(), line));
    }

    /** Exec form (JSON array) or shell form (one sh -c string). */
    static List<String> command(String args) {
        if (args.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(args);
                if (node.isArray()) {
                    List<String> words = new ArrayList<>();
                    node.forEach(n -> words.add(n.asText()));
                    return words;
                }
            } catch (Exception e) {
                // Docker runs an invalid JSON array in shell form; so do we.
            }
        }
        return List.of(args);
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        for (String w : s.split("[\\s;&|]+")) {
            String t = w.replaceAll("^[\"']|[\"']$", "");
            if (!t.isEmpty()) {
                words.add(t);
            }
        }
        return words;
    }
}
