package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One shipped JSON Schema of the manifest (v3.3 or v5.x) and how its problems read: every
 * problem is recorded on the {@link ManifestDocument} (none is dropped), each with a fix, and an
 * unknown key or enum value gets "did you mean" from the schema's own list of names.
 */
final class ManifestSchema {

    static final String V3_RESOURCE = "/com/meatscentral/golden/manifest/env.manifest.schema.json";
    static final String V5_RESOURCE = "/com/meatscentral/golden/manifest/env.manifest.v5.schema.json";

    static final ManifestSchema V3 = new ManifestSchema(V3_RESOURCE);
    static final ManifestSchema V5 = new ManifestSchema(V5_RESOURCE);

    private static final String DOCS = "docs/MANIFEST.md";

    private final JsonSchema schema;
    private final JsonNode schemaJson;

    private ManifestSchema(String resource) {
        try (InputStream in = ManifestSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("golden is built wrong: " + resource + " is not on the classpath");
            }
            schemaJson = new ObjectMapper().readTree(in);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .locale(Locale.ROOT)
                    .build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schemaJson, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records every schema problem of {@code doc}; returns whether there was any. */
    boolean check(ManifestDocument doc) {
        boolean any = false;
        for (ValidationMessage m : schema.validate(doc.root())) {
            if ("oneOf".equals(m.getType())
                    && m.getInstanceNode() != null
                    && m.getInstanceNode().isObject()) {
                continue; // reported by the branch that failed
            }
            String pointer = pointer(m);
            String unknown = "additionalProperties".equals(m.getType()) && m.getProperty() != null
                    ? pointer + "/" + ManifestDocument.escape(m.getProperty())
                    : pointer;
            doc.problem(unknown, problem(m, pointer), hint(m, pointer));
            any = true;
        }
        return any;
    }

    private static String pointer(ValidationMessage m) {
        String p = m.getInstanceLocation().toString();
        return "/".equals(p) ? "" : p;
    }

    private String problem(ValidationMessage m, String pointer) {
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return "unknown key \"" + m.getProperty() + "\"" + didYouMean(m.getProperty(), known(m));
        }
        if ("propertyNames".equals(m.getType())) {
            String typed = propertyName(m);
            List<String> known = new ArrayList<>();
            schemaAt(m.getSchemaLocation().getFragment().toString())
                    .path("enum")
                    .forEach(v -> known.add(v.asText()));
            if (!known.isEmpty()) {
                return "\"" + typed + "\" is not allowed here" + didYouMean(typed, known);
            }
        }
        if ("enum".equals(m.getType())) {
            String typed =
                    m.getInstanceNode() == null ? "" : m.getInstanceNode().asText();
            if (isPropertyNames(m)) {
                typed = m.getProperty() != null ? m.getProperty() : typed;
                return "\"" + typed + "\" is not allowed here" + didYouMean(typed, known(m));
            }
            return "\"" + typed + "\" is not one of " + String.join(", ", known(m)) + didYouMean(typed, known(m));
        }
        String message = m.getMessage();
        // networknt prefixes the instance location; we print it ourselves.
        String prefix = pointer + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        } else if (message.startsWith(": ")) {
            message = message.substring(2);
        }
        return message;
    }

    private static String propertyName(ValidationMessage m) {
        if (m.getProperty() != null) {
            return m.getProperty();
        }
        java.util.regex.Matcher q =
                java.util.regex.Pattern.compile("property '([^']*)'").matcher(m.getMessage());
        return q.find() ? q.group(1) : "";
    }

    private static String didYouMean(String typed, List<String> known) {
        return ClosestName.to(typed, known)
                .map(c -> " (did you mean \"" + c + "\"?)")
                .orElse("");
    }

    private static boolean isPropertyNames(ValidationMessage m) {
        return m.getSchemaLocation().getFragment().toString().contains("propertyNames");
    }

    /** The names the schema allows where {@code m} failed: the object's properties, or the enum's values. */
    private List<String> known(ValidationMessage m) {
        JsonNode at = schemaAt(m.getSchemaLocation().getFragment().toString());
        List<String> names = new ArrayList<>();
        if ("additionalProperties".equals(m.getType())) {
            JsonNode parent =
                    schemaAt(parentOf(m.getSchemaLocation().getFragment().toString()));
            parent.path("properties").fieldNames().forEachRemaining(names::add);
        } else {
            at.forEach(v -> names.add(v.asText()));
        }
        return names;
    }

    private JsonNode schemaAt(String fragment) {
        return fragment.isEmpty() || "/".equals(fragment) ? schemaJson : schemaJson.at(fragment);
    }

    private static String parentOf(String fragment) {
        int slash = fragment.lastIndexOf('/');
        return slash <= 0 ? "" : fragment.substring(0, slash);
    }

    private String hint(ValidationMessage m, String pointer) {
        if (pointer.matches(".*/(hosts(/\\d+)?|bastion)$")) {
            return HOSTS_HINT;
        }
        switch (m.getType()) {
            case "additionalProperties":
                return Optional.of(known(m))
                        .filter(k -> !k.isEmpty())
                        .map(k -> "use one of the keys this object has in the format: " + String.join(", ", k)
                                + " (or remove it; " + DOCS + ")")
                        .orElse("remove it (" + DOCS + ")");
            case "enum":
                return "use one of " + String.join(", ", known(m));
            case "propertyNames":
                List<String> names = new ArrayList<>();
                schemaAt(m.getSchemaLocation().getFragment().toString())
                        .path("enum")
                        .forEach(v -> names.add(v.asText()));
                return names.isEmpty()
                        ? "GitHub secret names are letters, digits and _, and do not start with a digit"
                        : "use one of " + String.join(", ", names);
            case "required":
                return "add the missing key (see " + DOCS + " for the manifest formats)";
            case "type":
                return "change the value to the type the manifest format expects (see " + DOCS + ")";
            case "pattern":
                return patternHint(pointer);
            default:
                return "see " + DOCS + " for the manifest formats";
        }
    }

    /** Every problem of an environment's {@code "hosts"} list or {@code "bastion"} gets the same advice. */
    static final String HOSTS_HINT = "\"hosts\" is a non-empty list of distinct droplet addresses (IP or DNS"
            + " name, no commas or spaces), e.g. [\"10.0.0.5\", \"10.0.0.6\"]; \"bastion\" names one of them"
            + " (docs/goals/deploy.md#several-droplets-per-environment)";

    private static String patternHint(String pointer) {
        if (pointer.endsWith("/prefix")) {
            return "a prefix is upper-case letters, digits and _, starting with a letter, e.g. STAGING";
        }
        if (pointer.equals("/version")) {
            return "write the version as major.minor, e.g. \"3.3\" or \"5.1\"";
        }
        if (pointer.endsWith("/ci_secret_pattern")) {
            return "a pattern is a secret name (letters, digits, _) with optional {PREFIX}, e.g. {PREFIX}_DB_HOST";
        }
        if (pointer.endsWith("/url")) {
            return "write the full URL, e.g. https://uat.meatscentral.com";
        }
        return "GitHub secret names are letters, digits and _, and do not start with a digit";
    }
}
