package com.meatscentral.golden.deploy;

/**
 * The registry credential a droplet logs in with, resolved per registry host as golden:push
 * resolves it (DOCR: DO_ACCESS_TOKEN as user and password; GHCR: GITHUB_ACTOR + GITHUB_TOKEN;
 * mapped secrets, settings.xml servers, docker config.json). The password is a secret.
 */
public record RegistryLogin(String user, String password, String source) {

    @Override
    public String toString() {
        return "RegistryLogin[" + source + "]";
    }
}
