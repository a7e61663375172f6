package com.meatscentral.golden.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The Markdown tables of docs/CONFIGURATION_AND_SECRETS.md, generated from a manifest so
 * the guide cannot drift from config/env.manifest.json: the environments, the repository
 * secrets, and the secret name of every variable in every environment.
 */
public final class SecretTables {

    public static final String BEGIN =
            "<!-- BEGIN GENERATED from config/env.manifest.json by SecretTables; do not edit -->";
    public static final String END = "<!-- END GENERATED -->";

    private SecretTables() {}

    public static String markdown(Manifest manifest) {
        StringBuilder md = new StringBuilder();
        md.append("#### Environments (manifest v").append(manifest.version()).append(")\n\n");
        md.append("| Environment | Type | Prefix | GitHub environment | Branch | URL | Legacy |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Environment env : manifest.environments().values()) {
            md.append("| `")
                    .append(env.name())
                    .append("` | ")
                    .append(env.type().jsonName())
                    .append(" | `")
                    .append(env.prefix())
                    .append("` | ")
                    .append(env.githubEnvironment())
                    .append(" | ")
                    .append(env.branch().orElse("—"))
                    .append(" | ")
                    .append(env.url().orElse("N/A (API only)"))
                    .append(" | ")
                    .append(env.legacy().map(l -> "⚠️ " + escape(l)).orElse("—"))
                    .append(" |\n");
        }
        md.append("\n#### Repository (global) secrets\n\n| Secret | Description |\n|---|---|\n");
        manifest.globalSecrets()
                .values()
                .forEach(g -> md.append("| `")
                        .append(g.name())
                        .append("` | ")
                        .append(escape(g.description()))
                        .append(" |\n"));

        md.append("\n#### Secret name of each variable per environment\n\n");
        md.append("`—` the variable does not apply to that environment type; ⚠️ legacy exception (documented on the"
                + " environment); 🌐 repository secret; *optional* may be absent; *default X* used when absent.\n\n");
        List<Environment> envs = List.copyOf(manifest.environments().values());
        md.append("| Variable | Category |");
        envs.forEach(e -> md.append(" `").append(e.name()).append("` |"));
        md.append("\n|---|---|");
        envs.forEach(e -> md.append("---|"));
        md.append('\n');
        for (Variable v : manifest.allVariables()) {
            md.append("| `")
                    .append(v.name())
                    .append("`")
                    .append(qualifier(v))
                    .append(" | ")
                    .append(v.category().jsonName())
                    .append(" |");
            for (Environment env : envs) {
                md.append(' ').append(cell(manifest, v, env)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String qualifier(Variable v) {
        if (v.defaultValue().isPresent()) {
            return " *default " + v.defaultValue().get() + "*";
        }
        return v.required() || !v.isSecret() ? "" : " *optional*";
    }

    private static String cell(Manifest manifest, Variable v, Environment env) {
        if (!v.appliesTo(env)) {
            return "—";
        }
        if (!v.isSecret()) {
            return "not a secret: " + v.configKey() + " = `"
                    + env.configValue(v.configKey()).orElse("?") + "`";
        }
        String name = v.secretNameFor(env).orElseThrow();
        Optional<String> mark = manifest.isGlobalSecret(name)
                ? Optional.of(" 🌐")
                : env.documentsLegacy(name) ? Optional.of(" ⚠️") : Optional.empty();
        return "`" + name + "`" + mark.orElse("");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** Replaces the generated block of {@code document} (between {@link #BEGIN} and {@link #END}). */
    public static String replaceGenerated(String document, Manifest manifest) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " block");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n\n" + markdown(manifest) + "\n"
                + document.substring(end);
    }
}
