package com.meatscentral.golden.manifest;

import java.nio.file.Path;

/** The repository's reference manifest, as the tests see it from the plugin module. */
public final class ReferenceManifest {

    private ReferenceManifest() {}

    public static Path path() {
        return Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .normalize()
                .resolve("../config/env.manifest.json")
                .normalize();
    }

    public static Manifest load() {
        return ManifestLoader.load(path());
    }
}
