package com.meatscentral.golden.rules;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A GitHub Actions workflow as scalar values with their key path, job and line (SnakeYAML
 * node marks, via the YAML library Jackson already brings), so rules read what GitHub reads
 * and still point at the right line.
 */
public final class WorkflowYaml {

    /**
     * @param key   dotted key path, e.g. {@code jobs.migrate.steps.2.run}
     * @param job   the job id, when under {@code jobs}
     * @param line  1-based line of the value's first character
     * @param block literal/folded block scalar: content starts on the line after the indicator
     */
    public record Scalar(String key, Optional<String> job, String value, int line, boolean block) {

        /** The file line of a character offset inside the value. */
        public int lineAt(int offset) {
            int n = 0;
            for (int i = 0; i < Math.min(offset, value.length()); i++) {
                if (value.charAt(i) == '\n') {
                    n++;
                }
            }
            return line + n;
        }

        public String leaf() {
            int dot = key.lastIndexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
    }

    private final List<Scalar> scalars;

    private WorkflowYaml(List<Scalar> scalars) {
        this.scalars = scalars;
    }

    public static boolean isWorkflow(String path) {
        return path.startsWith(".github/workflows/")
                && (path.endsWith(".yml") || path.endsWith(".yaml"))
                && path.indexOf('/', ".github/workflows/".length()) < 0;
    }

    /** The workflow's scalars; empty when it is not valid YAML (GitHub would reject it too). */
    public static Optional<WorkflowYaml> parse(ProjectTree tree, String path) {
        return tree.memo("yaml:" + path, () -> tree.text(path).flatMap(WorkflowYaml::parse));
    }

    public static Optional<WorkflowYaml> parse(String text) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Node root = new Yaml(options).compose(new StringReader(text));
            List<Scalar> out = new ArrayList<>();
            if (root != null) {
                walk(root, "", Optional.empty(), out);
            }
            return Optional.of(new WorkflowYaml(List.copyOf(out)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void walk(Node node, String key, Optional<String> job, List<Scalar> out) {
        if (node instanceof ScalarNode s) {
            boolean block = s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                    || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
            int line = s.getStartMark().getLine() + (block ? 2 : 1);
            out.add(new Scalar(key, job, s.getValue(), line, block));
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode ks ? ks.getValue() : "?";
                String child = key.isEmpty() ? k : key + "." + k;
                Optional<String> j = job.isEmpty() && key.equals("jobs") ? Optional.of(k) : job;
                walk(t.getValueNode(), child, j, out);
            }
        } else if (node instanceof SequenceNode sq) {
            for (int i = 0; i < sq.getValue().size(); i++) {
                walk(sq.getValue().get(i), key + "." + i, job, out);
            }
        }
    }

    public List<Scalar> scalars() {
        return scalars;
    }

    /** The job's {@code environment:} (plain or {@code environment.name}), if literal. */
    public Optional<String> environmentOf(String job) {
        return scalars.stream()
                .filter(s -> s.job().equals(Optional.of(job)))
                .filter(s -> s.key().equals("jobs." + job + ".environment")
                        || s.key().equals("jobs." + job + ".environment.name"))
                .map(Scalar::value)
                .findFirst();
    }

    public List<Scalar> ofJob(String job) {
        return scalars.stream().filter(s -> s.job().equals(Optional.of(job))).toList();
    }
}
