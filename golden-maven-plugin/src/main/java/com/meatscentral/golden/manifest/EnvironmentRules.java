package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** The rules across fields that both manifest formats share; problems are recorded on the document. */
final class EnvironmentRules {

    private EnvironmentRules() {}

    /**
     * A frontend needs its url, a backend its django_settings (the hint follows the project's own
     * settings package), and a named bastion must be one of the listed hosts.
     */
    static void check(ManifestDocument doc, String at, Environment env, JsonNode allEnvironments) {
        if (env.isFrontend() && env.url().isEmpty()) {
            doc.problem(
                    at,
                    "frontend environment '" + env.name() + "' has no \"url\"",
                    "add \"url\": \"https://...\" (the address its health check and docs refer to)");
        }
        if (env.isBackend() && env.djangoSettings().isEmpty()) {
            doc.problem(
                    at,
                    "backend environment '" + env.name() + "' has no \"django_settings\"",
                    "add \"django_settings\": \""
                            + settingsPackage(allEnvironments).orElse("<package>.settings")
                            + ".<name>\" (it becomes DJANGO_SETTINGS_MODULE)");
        }
        checkBastion(doc, at, env);
    }

    /** The settings package the other backends use, e.g. {@code config.settings} (never a guess when none has one). */
    static Optional<String> settingsPackage(JsonNode allEnvironments) {
        for (Iterator<Map.Entry<String, JsonNode>> it = allEnvironments.fields(); it.hasNext(); ) {
            String module = it.next().getValue().path("django_settings").asText("");
            int dot = module.lastIndexOf('.');
            if (dot > 0) {
                return Optional.of(module.substring(0, dot));
            }
        }
        return Optional.empty();
    }

    /** A variable the droplet shell or the docker CLI would read is refused (see {@link ReservedNames}). */
    static void reserved(ManifestDocument doc, String at, String name) {
        ReservedNames.why(name)
                .ifPresent(why -> doc.problem(
                        at,
                        "variable name " + name + " is reserved: " + why
                                + ", so golden would change the droplet's shell or docker CLI instead of configuring the container",
                        "rename the variable (e.g. APP_" + name + ") and read that name in the application;"
                                + " the reserved names are listed in docs/MANIFEST.md"));
    }

    /** The {@code "hosts"} list of an environment node, as the schema let it through (empty when absent). */
    static java.util.List<String> hosts(JsonNode node) {
        java.util.List<String> hosts = new java.util.ArrayList<>();
        node.path("hosts").forEach(h -> hosts.add(h.asText()));
        return hosts;
    }

    /** A named bastion must be one of the listed hosts (the schema checks each entry's form). */
    private static void checkBastion(ManifestDocument doc, String at, Environment env) {
        env.bastion().ifPresent(b -> {
            if (!env.hosts().isEmpty() && !env.hosts().contains(b)) {
                doc.problem(
                        at + "/bastion",
                        "bastion \"" + b + "\" of environment '" + env.name() + "' is not one of its hosts "
                                + env.hosts(),
                        "name one of the hosts listed under \"hosts\" (or leave \"bastion\" out: the first host"
                                + " runs the migrations)");
            }
        });
    }
}
