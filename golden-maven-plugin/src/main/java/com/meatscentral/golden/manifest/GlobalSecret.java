package com.meatscentral.golden.manifest;

import java.util.List;

/**
 * A repository-level secret: v3.3 {@code global_secrets}, v5 {@code repository_secrets}.
 *
 * @param required v5: the audit fails when GitHub does not have it (v3.3 globals are audited through the variables that use them)
 * @param usedBy   v5 {@code used_by}: free text naming what uses it
 */
public record GlobalSecret(String name, String description, boolean required, List<String> usedBy) {

    public GlobalSecret {
        description = description == null ? "" : description;
        usedBy = usedBy == null ? List.of() : List.copyOf(usedBy);
    }

    public GlobalSecret(String name, String description) {
        this(name, description, false, List.of());
    }
}
