package com.meatscentral.golden.rules;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.ClosestName;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestException;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.manifest.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest exists, loads (schema, version &gt;= 3.3: the loader's checks), and defines
 * every configured environment.
 */
public final class ManifestRule extends ConfiguredRule {

    public ManifestRule(VerifyConfig config) {
        super(RuleTexts.MANIFEST.text(), config);
    }

    /** The loaded manifest, or why it did not load; shared with the rules that need secret names. */
    static Optional<Manifest> load(ProjectTree tree, String manifestPath) {
        return tree.memo("manifest", () -> {
            if (!tree.exists(manifestPath)) {
                return Optional.empty();
            }
            try {
                return Optional.of(ManifestLoader.load(tree.root().resolve(manifestPath)));
            } catch (GoldenException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        String path = config.manifestPath();
        List<Violation> out = new ArrayList<>();
        if (!tree.exists(path)) {
            out.add(violation(path, 1, "the manifest is missing"));
            return out;
        }
        Manifest manifest;
        try {
            manifest = ManifestLoader.load(tree.root().resolve(path));
        } catch (ManifestException e) {
            out.add(violation(
                    path, e.line(), "does not load: " + e.getMessage(), e.hint().orElse(fix())));
            return out;
        } catch (GoldenException e) {
            out.add(violation(
                    path, 1, "does not load: " + e.getMessage(), e.hint().orElse(fix())));
            return out;
        }
        List<String> lines = tree.lines(path);
        for (String env : config.environments()) {
            if (!manifest.environments().containsKey(env)) {
                out.add(violation(
                        path,
                        lineOf(lines, "\"environments\""),
                        "environment '" + env + "' is not defined",
                        "add \"" + env + "\" under environments (or set golden.verify.environments)"));
            }
        }
        out.addAll(againstWorkflows(tree, path, lines, manifest));
        return out;
    }

    private static final Pattern WORKFLOW_ENV =
            Pattern.compile("^\\s*(?:-\\s+)?environment:\\s*[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)[\"']?\\s*(?:#.*)?$");
    private static final Pattern DENV = Pattern.compile("-Denv=[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)");

    /**
     * The environments the workflows name literally ({@code environment: uat-backend},
     * {@code -Denv=dev-frontend}) and the manifest's, against each other: a workflow naming an
     * environment the manifest lacks, and a manifest environment no workflow deploys (when the
     * workflows name any), are violations.
     */
    private List<Violation> againstWorkflows(
            ProjectTree tree, String path, List<String> manifestLines, Manifest manifest) {
        List<Violation> out = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        List<String> workflows = tree.files(
                        f -> f.startsWith(".github/workflows/") && (f.endsWith(".yml") || f.endsWith(".yaml")))
                .toList();
        for (String workflow : workflows) {
            List<String> lines = tree.lines(workflow);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern p : List.of(WORKFLOW_ENV, DENV)) {
                    Matcher m = p.matcher(lines.get(i));
                    while (m.find()) {
                        String env = m.group(1);
                        named.add(env);
                        if (!manifest.environments().containsKey(env)) {
                            out.add(violation(
                                    workflow,
                                    i + 1,
                                    "environment '" + env + "' is not in " + path
                                            + ClosestName.to(env, manifest.environmentNames())
                                                    .map(c -> " (did you mean '" + c + "'?)")
                                                    .orElse(""),
                                    "use one of the manifest's environments ("
                                            + String.join(", ", manifest.environmentNames()) + "), or add '" + env
                                            + "' to the manifest"));
                        }
                    }
                }
            }
        }
        if (!named.isEmpty()) {
            for (String env : manifest.environmentNames()) {
                if (!named.contains(env)) {
                    out.add(
                            violation(
                                    path,
                                    lineOf(manifestLines, "\"" + env + "\""),
                                    "environment '" + env + "' is deployed by no workflow in .github/workflows",
                                    "deploy it from a workflow (`mvn golden:workflows` generates them), or remove it from the manifest"));
                }
            }
        }
        return out;
    }

    /**
     * What verify says about a manifest without failing: backends without an application database
     * role run as the owner, so row-level security is not enforced.
     */
    public static List<String> warnings(Manifest manifest) {
        List<String> warnings = new ArrayList<>();
        for (String name : manifest.environmentNames()) {
            if (manifest.environment(name).isBackend()
                    && manifest.valuesFor(name, java.util.Map.of())
                            .variableFor(Role.DB_APP_USER)
                            .isEmpty()) {
                warnings.add(
                        "[manifest] backend environment " + name + " has no application database role (db_app_user:"
                                + " " + String.join(", ", Role.DB_APP_USER.aliases())
                                + "): the backend will connect as the owner"
                                + " and row-level security is NOT enforced; add DB_APP_USER and DB_APP_PASSWORD to the manifest");
            }
        }
        return warnings;
    }

    private static int lineOf(List<String> lines, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        return 1;
    }
}
