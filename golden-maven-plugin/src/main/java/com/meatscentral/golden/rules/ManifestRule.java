package com.meatscentral.golden.rules;

import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestException;
import com.meatscentral.golden.manifest.ManifestLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifest exists, loads (schema, version &gt;= 3.3: the loader's checks), and defines
 * every configured environment.
 */
public final class ManifestRule implements Rule {

    private final VerifyConfig config;

    public ManifestRule(VerifyConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "manifest";
    }

    @Override
    public String reason() {
        return "every secret name and environment comes from config/env.manifest.json (v3.3+)";
    }

    @Override
    public String fix() {
        return "create or repair the manifest (the archetype ships the reference one); `mvn golden:audit` shows how it resolves";
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
            out.add(violation(path, e.line(), "does not load: " + e.getMessage(), e.hint().orElse(fix())));
            return out;
        } catch (GoldenException e) {
            out.add(violation(path, 1, "does not load: " + e.getMessage(), e.hint().orElse(fix())));
            return out;
        }
        List<String> lines = tree.lines(path);
        for (String env : config.environments()) {
            if (!manifest.environments().containsKey(env)) {
                out.add(violation(path, lineOf(lines, "\"environments\""), "environment '" + env + "' is not defined",
                        "add \"" + env + "\" under environments (or set golden.verify.environments)"));
            }
        }
        return out;
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
