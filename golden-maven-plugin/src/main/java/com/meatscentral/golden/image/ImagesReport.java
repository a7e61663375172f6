package com.meatscentral.golden.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target/golden/images.json}: what golden:build made (env, image, tags, id) and what
 * golden:push recorded (digest per repository). Later goals deploy by tag and check the digest.
 */
public final class ImagesReport {

    /** One built image. {@code digests}: repository name (no tag) -> {@code sha256:...}. */
    public record Entry(
            String env, String image, String revision, List<String> tags, String id, Map<String, String> digests) {
        public Entry {
            tags = List.copyOf(tags);
            digests = digests == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(digests));
        }

        public Entry withDigest(String repository, String digest) {
            Map<String, String> d = new LinkedHashMap<>(digests);
            d.put(repository, digest);
            return new Entry(env, image, revision, tags, id, d);
        }
    }

    public record Document(List<Entry> images) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ImagesReport() {}

    public static Path location(Path buildDirectory) {
        return buildDirectory.resolve("golden").resolve("images.json");
    }

    public static List<Entry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GoldenException(
                    "No " + file + ": nothing built to push",
                    "run golden:build first (e.g. mvn package golden:push, or mvn deploy)");
        }
        try {
            return List.copyOf(JSON.readValue(file.toFile(), Document.class).images());
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot read " + file + ": " + e.getMessage(), "run golden:build again to rewrite it");
        }
    }

    /** Replaces the entries of the same env+image and keeps the others (builds of one image at a time). */
    public static void merge(Path file, List<Entry> entries) {
        List<Entry> all = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (Entry old : read(file)) {
                if (entries.stream()
                        .noneMatch(e -> e.env().equals(old.env()) && e.image().equals(old.image()))) {
                    all.add(old);
                }
            }
        }
        all.addAll(entries);
        write(file, all);
    }

    public static void write(Path file, List<Entry> entries) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new Document(entries));
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot write " + file + ": " + e.getMessage(), "check that the build directory is writable");
        }
    }
}
