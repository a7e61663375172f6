package com.meatscentral.golden.migrate;

import java.util.Optional;

/**
 * Credentials for pulling the migration image. The seam where the images package's
 * registry login (DOCR: DO_ACCESS_TOKEN as user and password) plugs in; {@link #NONE}
 * pulls anonymously (or relies on an image already present).
 */
public record RegistryAuth(String registry, String username, String password) {

    public static final RegistryAuth NONE = new RegistryAuth(null, null, null);

    public Optional<RegistryAuth> present() {
        return username == null || username.isEmpty() ? Optional.empty() : Optional.of(this);
    }

    @Override
    public String toString() {
        // DOCR uses the token as user name too: show neither.
        return present().isPresent() ? "credentials for " + registry : "anonymous";
    }
}
