package com.meatscentral.golden.manifest;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The v5.x fixture written after the reference repository's v5.1 manifest (test resources). */
public final class V5Manifest {

    private V5Manifest() {}

    public static Path path() {
        try {
            return Path.of(V5Manifest.class.getResource("v5.manifest.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Manifest load() {
        return ManifestLoader.load(path());
    }
}
