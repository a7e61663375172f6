package com.meatscentral.golden.migrate;

import java.util.Optional;

/**
 * Credentials for pulling the migration image. The seam where the images package's
 * registry login (DOCR: DO_ACCESS_TOKEN as user and password) plugs in; {@link #NONE}
 * pulls anonymously (or relies on an image already present).
 */
public record RegistryAuth(String registry, String username, String password) {

    public static final RegistryAuth NONE = new RegistryAuth(null, null, null);

    /** The login {@code credentials} hold for {@code image}'s registry, else {@link #NONE}. */
    public static RegistryAuth forImage(com.meatscentral.golden.image.RegistryCredentials credentials, String image) {
        String host = com.meatscentral.golden.image.ImageReference.parse(image, "image")
                .registryHost();
        return credentials
                .find(host)
                .map(login -> new RegistryAuth(login.registry(), login.username(), login.password()))
                .orElse(NONE);
    }

    public Optional<RegistryAuth> present() {
        return username == null || username.isEmpty() ? Optional.empty() : Optional.of(this);
    }

    @Override
    public String toString() {
        // DOCR uses the token as user name too: show neither.
        return present().isPresent() ? "credentials for " + registry : "anonymous";
    }
}
