package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tags of an image: {@code {registry}/{image}:{env}-{sha}} and {@code {registry}/{image}:{env}-latest}
 * for every configured registry. A registry is a host with an optional namespace:
 * {@code registry.digitalocean.com/<registry-name>}, {@code ghcr.io/<owner>}, {@code host:port}.
 */
public final class ImageTags {

    /** The tag of golden:build, push, deploy and migrate unless {@code -Dgolden.image.tagTemplate} says otherwise. */
    public static final String DEFAULT_TEMPLATE = "{env}-{sha}";

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([^}]*)}");

    private ImageTags() {}

    /**
     * A tag template is checked once: it must contain {@code {sha}} (the immutable part) and no
     * placeholder but {@code {env}}, {@code {target}} and {@code {sha}}.
     */
    public static String checkTemplate(String template) {
        String t = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template.strip();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
            if (!List.of("env", "target", "sha").contains(m.group(1))) {
                throw new GoldenException(
                        "Image tag template '" + t + "' has an unknown placeholder {" + m.group(1) + "}",
                        "use {env} (the manifest environment), {target} (its deployment_target) and {sha};"
                                + " e.g. -Dgolden.image.tagTemplate={target}-{sha}");
            }
        }
        if (!t.contains("{sha}")) {
            throw new GoldenException(
                    "Image tag template '" + t + "' has no {sha}: its tags would not be immutable",
                    "put {sha} in it, e.g. {env}-{sha} (the default) or {target}-{sha}");
        }
        return t;
    }

    /** {@code template} with {@code {env}}, {@code {target}} (the env's name when it has none) and {@code {sha}} filled in. */
    public static String tag(String template, String env, String target, String sha) {
        return checkTemplate(template)
                .replace("{env}", env)
                .replace("{target}", target == null || target.isBlank() ? env : target)
                .replace("{sha}", sha);
    }

    /** Every tag for {@code image} under {@code template} (with {@code {target}} filled in already). */
    public static List<String> compute(
            String env, String image, String template, List<String> registries, SourceRevision revision) {
        String t = checkTemplate(template);
        if (DEFAULT_TEMPLATE.equals(t)) {
            return compute(env, image, registries, revision);
        }
        List<String> tags = compute(env, image, registries, revision);
        String revisionTag = tag(t, env, env, revision.tagPart());
        String latest = tag(t, env, env, "latest");
        if (!ImageReference.isValidTag(revisionTag)) {
            throw new GoldenException(
                    "Tag '" + revisionTag + "' from the tag template '" + t + "' is not a valid Docker tag",
                    "use letters, digits, '.', '_' and '-' (at most 128 characters with the sha)");
        }
        return tags.stream()
                .map(ref -> ref.endsWith(":" + latestTag(env))
                        ? ref.substring(0, ref.lastIndexOf(':') + 1) + latest
                        : ref.substring(0, ref.lastIndexOf(':') + 1) + revisionTag)
                .toList();
    }

    /** Production environments: names starting with {@code prod}. */
    public static boolean isProduction(String env) {
        return env != null && env.toLowerCase(Locale.ROOT).startsWith("prod");
    }

    /** The immutable tag, e.g. {@code uat2-backend-1a2b3c4d...}, and the moving one, {@code uat2-backend-latest}. */
    public static String revisionTag(String env, SourceRevision revision) {
        return env + "-" + revision.tagPart();
    }

    public static String latestTag(String env) {
        return env + "-latest";
    }

    /** Every tag for {@code image}, revision tags first, each validated as a reference. */
    public static List<String> compute(String env, String image, List<String> registries, SourceRevision revision) {
        if (env == null || env.isBlank()) {
            throw new GoldenException(
                    "No environment given for the image tags", "pass -Denv=<environment>, e.g. -Denv=uat2-backend");
        }
        if (isProduction(env) && revision.dirty()) {
            throw new GoldenException(
                    "Refusing to build images for production environment " + env
                            + " from a working tree with uncommitted changes (" + revision.sha() + " + local changes)",
                    "commit or stash the changes (git status), then build again");
        }
        if (registries == null || registries.isEmpty()) {
            throw new GoldenException(
                    "No registry configured for image " + image,
                    "add <registries><registry>registry.digitalocean.com/NAME</registry></registries> to the plugin configuration");
        }
        String revisionTag = revisionTag(env, revision);
        if (!ImageReference.isValidTag(revisionTag)) {
            throw new GoldenException(
                    "Tag '" + revisionTag + "' built from -Denv=" + env + " is not a valid Docker tag",
                    "use an environment name of letters, digits, '.', '_' and '-' (at most 128 characters with the sha)");
        }
        List<String> revisionTags = new ArrayList<>();
        List<String> latestTags = new ArrayList<>();
        for (String registry : registries) {
            String repo = stripSlashes(registry) + "/" + image;
            revisionTags.add(
                    ImageReference.parse(repo + ":" + revisionTag, "registry '" + registry + "', image '" + image + "'")
                            .toString());
            latestTags.add(repo + ":" + latestTag(env));
        }
        List<String> all = new ArrayList<>(revisionTags);
        all.addAll(latestTags);
        return List.copyOf(all);
    }

    /** Refuses a {@code latest} reference for a production deploy: prod deploys by immutable tag or digest. */
    public static void requireImmutableForProduction(String env, String reference) {
        ImageReference ref = ImageReference.parse(reference, "deploy reference for " + env);
        if (isProduction(env)
                && ref.digest() == null
                && (ref.tag() == null || ref.tag().endsWith("latest"))) {
            throw new GoldenException(
                    "Refusing to deploy " + reference + " to production environment " + env
                            + ": a 'latest' tag is not immutable",
                    "deploy the {env}-{sha} tag or a digest (target/golden/images.json lists both)");
        }
    }

    private static String stripSlashes(String s) {
        String r = s.strip();
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
