package com.meatscentral.golden.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A service tree written into a temporary directory, file by file. */
final class Fixture {

    static final Path REFERENCE_MANIFEST = Path.of("../config/env.manifest.json");

    private final Path root;

    Fixture(Path root) {
        this.root = root;
    }

    Fixture file(String path, String... lines) {
        try {
            Path f = root.resolve(path);
            Files.createDirectories(f.getParent());
            Files.writeString(f, String.join("\n", lines) + "\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Fixture referenceManifest() {
        try {
            Files.createDirectories(root.resolve("config"));
            Files.copy(REFERENCE_MANIFEST, root.resolve("config/env.manifest.json"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProjectTree tree() {
        return ProjectTree.walk(root);
    }

    /** The formatted {@code path:line: [rule]} prefixes the rule reports. */
    List<String> check(Rule rule) {
        return rule.check(tree()).stream()
                .map(v -> v.path() + ":" + v.line() + ": [" + v.rule() + "]")
                .toList();
    }
}
