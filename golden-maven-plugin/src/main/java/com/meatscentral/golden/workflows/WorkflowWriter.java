package com.meatscentral.golden.workflows;

import com.meatscentral.golden.Console;
import com.meatscentral.golden.GoldenException;
import com.meatscentral.golden.manifest.Manifest;
import com.meatscentral.golden.manifest.ManifestLoader;
import com.meatscentral.golden.rules.WorkflowDriftRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** golden:workflows' core: write the generated workflows, or (check mode) report drift with a diff. */
public final class WorkflowWriter {

    private final Console console;

    public WorkflowWriter(Console console) {
        this.console = console;
    }

    /** Writes (or checks) the workflows of the service at {@code root}; returns the paths that changed or drifted. */
    public List<String> run(Path root, Path manifestFile, boolean check) {
        return run(root, manifestFile, BranchMapping.none(), check);
    }

    /** As {@link #run(Path, Path, boolean)}, with the branches the manifest lacks from {@code branches}. */
    public List<String> run(Path root, Path manifestFile, BranchMapping branches, boolean check) {
        Manifest manifest = ManifestLoader.load(manifestFile);
        Map<String, String> generated = WorkflowGenerator.generate(manifest, branches);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path file = root.resolve(e.getKey());
            Optional<String> current = read(file);
            if (current.isPresent() && current.get().equals(e.getValue())) {
                console.info(e.getKey() + " is up to date");
                continue;
            }
            changed.add(e.getKey());
            if (check) {
                console.error(e.getKey()
                        + (current.isEmpty() ? " is missing" : " differs from what golden:workflows generates:"));
                current.flatMap(c -> WorkflowDriftRule.diff(e.getKey(), c, e.getValue()))
                        .ifPresent(d -> d.text().lines().forEach(l -> console.error("    " + l)));
            } else {
                write(file, e.getValue());
                console.info((current.isEmpty() ? "created " : "updated ") + e.getKey());
            }
        }
        if (check && !changed.isEmpty()) {
            throw new GoldenException(
                    "Generated workflows drifted from " + manifestFile + ": " + String.join(", ", changed),
                    "run `mvn golden:workflows` and commit the result");
        }
        return changed;
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            throw new GoldenException("Cannot read " + file + ": " + e.getMessage(), "check the file's permissions");
        }
    }

    /** Via a temporary file and a rename, so an interrupted run never leaves half a workflow. */
    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".golden-", ".tmp");
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                // A temp file is 0600; a workflow is an ordinary committed file (keep what it had, else 0644).
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(
                            tmp,
                            Files.exists(file)
                                    ? Files.getPosixFilePermissions(file)
                                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot write " + file + ": " + e.getMessage(), "check that the directory is writable");
        }
    }
}
