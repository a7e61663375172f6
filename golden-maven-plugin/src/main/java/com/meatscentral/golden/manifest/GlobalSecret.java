package com.meatscentral.golden.manifest;

/** A repository-level secret declared in the manifest's {@code global_secrets}: available to every environment. */
public record GlobalSecret(String name, String description) {
}
