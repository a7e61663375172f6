package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.JsonNodeReader;
import com.networknt.schema.utils.JsonNodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code env.manifest.json}: parses it keeping every node's line and column,
 * validates it against the JSON Schema shipped in the plugin, then checks the rules
 * across fields. Every problem is a {@link ManifestException} with file, JSON pointer,
 * line:column and a fix.
 */
public final class ManifestLoader {

    /** Where the plugin POM packages {@code config/env.manifest.schema.json}. */
    public static final String SCHEMA_RESOURCE = "/com/meatscentral/golden/manifest/env.manifest.schema.json";

    /** The oldest manifest format golden reads. */
    public static final String MINIMUM_VERSION = "3.3";

    private static final String DOCS = "docs/CONFIGURATION_AND_SECRETS.md";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeReader READER = JsonNodeReader.builder().jsonMapper(MAPPER).locationAware().build();
    private static final JsonSchema SCHEMA = loadSchema();

    private ManifestLoader() {
    }

    public static Manifest load(Path file) {
        String text = read(file);
        JsonNode root;
        try {
            root = READER.readTree(text, InputFormat.JSON);
        } catch (IOException | IllegalArgumentException e) {
            // networknt wraps Jackson's parse error in IllegalArgumentException("Invalid input").
            JsonProcessingException parse = parseError(e);
            if (parse == null) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            JsonLocation at = parse.getLocation();
            throw new ManifestException(file, "", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "malformed JSON: " + parse.getOriginalMessage(),
                    "fix the JSON syntax at that line (a missing comma or quote, a trailing comma, a duplicate key)", parse);
        }
        if (root == null || root.isMissingNode()) {
            throw new ManifestException(file, "", 1, 1, "the file is empty",
                    "start from the reference manifest config/env.manifest.json (see " + DOCS + ")");
        }
        new Reader(file, root).checkSchema();
        return new Reader(file, root).build();
    }

    private static JsonProcessingException parseError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return j;
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            // Some editors start UTF-8 files with a byte order mark; JSON does not allow one.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ManifestException(file, "", 0, 0, "file not found",
                    "create it (start from the reference config/env.manifest.json) or point -Dgolden.manifest at it");
        } catch (CharacterCodingException e) {
            throw new ManifestException(file, "", 0, 0, "not UTF-8 text", "save the manifest as UTF-8 JSON");
        } catch (IOException e) {
            throw new ManifestException(file, "", 0, 0, "cannot read: " + e, "check the path and its permissions");
        }
    }

    private static JsonSchema loadSchema() {
        try (InputStream in = ManifestLoader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("golden is built wrong: " + SCHEMA_RESOURCE + " is not on the classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .locale(Locale.ROOT)
                    .build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One pass over one parsed document; knows where every node came from. */
    private static final class Reader {

        private final Path file;
        private final JsonNode root;
        private final Map<String, JsonNode> unknown = new LinkedHashMap<>();

        Reader(Path file, JsonNode root) {
            this.file = file;
            this.root = root;
        }

        void checkSchema() {
            Set<ValidationMessage> messages = SCHEMA.validate(root);
            if (messages.isEmpty()) {
                return;
            }
            List<ValidationMessage> sorted = messages.stream()
                    .sorted(Comparator.comparingInt((ValidationMessage m) -> line(nodeAt(pointer(m))))
                            .thenComparingInt(m -> column(nodeAt(pointer(m)))))
                    .toList();
            ValidationMessage first = sorted.get(0);
            String pointer = pointer(first);
            String more = sorted.size() > 1 ? " (and " + (sorted.size() - 1) + " more problem"
                    + (sorted.size() > 2 ? "s" : "") + " after it)" : "";
            throw error(pointer, schemaProblem(first, pointer) + more, schemaHint(first, pointer));
        }

        private static String pointer(ValidationMessage m) {
            String p = m.getInstanceLocation().toString();
            return "/".equals(p) ? "" : p;
        }

        private static String schemaProblem(ValidationMessage m, String pointer) {
            String message = m.getMessage();
            // networknt prefixes the instance location; we print it ourselves.
            String prefix = (pointer.isEmpty() ? "" : pointer) + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            } else if (message.startsWith(": ")) {
                message = message.substring(2);
            }
            return message;
        }

        private static String schemaHint(ValidationMessage m, String pointer) {
            if ("pattern".equals(m.getType())) {
                if (pointer.endsWith("/prefix")) {
                    return "a prefix is upper-case letters, digits and _, starting with a letter, e.g. STAGING";
                }
                if (pointer.equals("/version")) {
                    return "write the version as major.minor, e.g. \"3.3\"";
                }
                if (pointer.endsWith("/ci_secret_pattern")) {
                    return "a pattern is a secret name (letters, digits, _) with optional {PREFIX}, e.g. {PREFIX}_DB_HOST";
                }
                if (pointer.endsWith("/url")) {
                    return "write the full URL, e.g. https://uat.meatscentral.com";
                }
                return "GitHub secret names are letters, digits and _, and do not start with a digit";
            }
            return switch (m.getType()) {
                case "required" -> "add the missing key (see " + DOCS + " for the manifest format)";
                case "type" -> "change the value to the type the manifest format expects (see " + DOCS + ")";
                case "enum" -> "use one of the allowed values";
                default -> "see " + DOCS + " for the manifest format";
            };
        }

        Manifest build() {
            String version = root.path("version").asText();
            if (compareVersions(version, MINIMUM_VERSION) < 0) {
                throw error("/version", "version " + version + " is older than " + MINIMUM_VERSION
                                + ", the oldest format golden reads",
                        "migrate the manifest to " + MINIMUM_VERSION + " (environments with type and prefix,"
                                + " variables by category; see " + DOCS + ") and set \"version\": \"" + MINIMUM_VERSION + "\"");
            }
            keepUnknown(root, "", Set.of("project", "version", "description", "environments", "variables", "global_secrets"));

            Map<String, Environment> environments = environments();
            Map<String, GlobalSecret> globals = globals();
            Map<Variable.Category, Map<String, Variable>> variables = variables(environments);
            return new Manifest(file, root.path("project").asText(),
                    version, text(root, "description"), environments, variables, globals, unknown);
        }

        private Map<String, Environment> environments() {
            Map<String, Environment> environments = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("environments").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode node = e.getValue();
                String at = "/environments/" + escape(name);
                Environment.Type type = Environment.Type.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT));
                Environment env = new Environment(name, type, node.path("prefix").asText(),
                        text(node, "django_settings"), text(node, "github_environment").orElse(name),
                        text(node, "branch"), text(node, "url"), text(node, "legacy"), textFields(node));
                if (env.isFrontend() && env.url().isEmpty()) {
                    throw error(at, "frontend environment '" + name + "' has no \"url\"",
                            "add \"url\": \"https://...\" (the address its health check and docs refer to)");
                }
                if (env.isBackend() && env.djangoSettings().isEmpty()) {
                    throw error(at, "backend environment '" + name + "' has no \"django_settings\"",
                            "add \"django_settings\": \"projectmeats.settings.<name>\" (it becomes DJANGO_SETTINGS_MODULE)");
                }
                keepUnknown(node, at, Set.of("type", "prefix", "django_settings", "github_environment", "branch", "url", "legacy"));
                environments.put(name, env);
            }
            return environments;
        }

        private Map<String, GlobalSecret> globals() {
            Map<String, GlobalSecret> globals = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("global_secrets").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                globals.put(e.getKey(), new GlobalSecret(e.getKey(), e.getValue().path("description").asText("")));
            }
            return globals;
        }

        private Map<Variable.Category, Map<String, Variable>> variables(Map<String, Environment> environments) {
            Map<Variable.Category, Map<String, Variable>> byCategory = new LinkedHashMap<>();
            Map<String, String> seenAt = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> cats = root.path("variables").fields(); cats.hasNext(); ) {
                Map.Entry<String, JsonNode> c = cats.next();
                String catAt = "/variables/" + escape(c.getKey());
                Optional<Variable.Category> category = Variable.Category.fromJson(c.getKey());
                if (category.isEmpty()) {
                    unknown.put(catAt, c.getValue());
                    continue;
                }
                Map<String, Variable> vars = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = c.getValue().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    String at = catAt + "/" + escape(name);
                    if (seenAt.containsKey(name)) {
                        throw error(at, "variable " + name + " is also defined at " + seenAt.get(name),
                                "keep one definition: a logical variable belongs to one category");
                    }
                    seenAt.put(name, at);
                    Variable v = variable(category.get(), name, e.getValue(), at, environments);
                    vars.put(name, v);
                }
                byCategory.put(category.get(), vars);
            }
            return byCategory;
        }

        private Variable variable(Variable.Category category, String name, JsonNode node, String at,
                                  Map<String, Environment> environments) {
            Map<String, String> mapping = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("ci_secret_mapping").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (!environments.containsKey(m.getKey())) {
                    String mAt = at + "/ci_secret_mapping/" + escape(m.getKey());
                    Optional<String> closest = ClosestName.to(m.getKey(), environments.keySet());
                    throw error(mAt, "ci_secret_mapping of " + name + " names unknown environment '" + m.getKey() + "'"
                                    + closest.map(s -> " (did you mean '" + s + "'?)").orElse(""),
                            "use one of the environments declared under /environments: "
                                    + String.join(", ", environments.keySet()));
                }
                mapping.put(m.getKey(), m.getValue().asText());
            }
            Variable.ValueSource source = "environment_config".equals(node.path("value_source").asText())
                    ? Variable.ValueSource.ENVIRONMENT_CONFIG : Variable.ValueSource.SECRET;
            Optional<String> defaultValue = text(node, "default");
            boolean required = node.has("required") ? node.get("required").asBoolean() : true;
            Variable v = new Variable(name, category, node.path("description").asText(""), mapping,
                    text(node, "ci_secret_pattern"), defaultValue, required, source,
                    text(node, "config_key").orElse("django_settings"));
            keepUnknown(node, at, Set.of("description", "ci_secret_mapping", "ci_secret_pattern", "default",
                    "required", "value_source", "config_key"));
            checkResolvable(v, node, at, environments);
            return v;
        }

        /** Every environment the variable applies to must get a secret name or a config value. */
        private void checkResolvable(Variable v, JsonNode node, String at, Map<String, Environment> environments) {
            for (Environment env : environments.values()) {
                if (!v.appliesTo(env)) {
                    continue;
                }
                if (!v.isSecret()) {
                    if (env.configValue(v.configKey()).isEmpty()) {
                        throw error(at, v.name() + " (value_source environment_config) cannot be resolved for environment '"
                                        + env.name() + "': it has no \"" + v.configKey() + "\"",
                                "add \"" + v.configKey() + "\" to /environments/" + env.name()
                                        + ", or make " + v.name() + " a secret (remove value_source)");
                    }
                    continue;
                }
                if (v.ciSecretMapping().containsKey(env.name()) || v.ciSecretPattern().isEmpty()) {
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(v.ciSecretPattern().get());
                while (m.find()) {
                    if (!"PREFIX".equals(m.group(1))) {
                        throw error(at + "/ci_secret_pattern", v.name() + " cannot be resolved for environment '"
                                        + env.name() + "': ci_secret_pattern uses unknown placeholder {" + m.group(1) + "}",
                                "the only placeholder is {PREFIX}; or give '" + env.name()
                                        + "' an explicit name in ci_secret_mapping");
                    }
                }
            }
        }

        /** The object's fields whose values are text, e.g. an environment's {@code allowed_hosts}. */
        private static Map<String, String> textFields(JsonNode node) {
            Map<String, String> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    fields.put(e.getKey(), e.getValue().asText());
                }
            });
            return fields;
        }

        private void keepUnknown(JsonNode node, String at, Set<String> known) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    unknown.put(at + "/" + escape(e.getKey()), e.getValue());
                }
            }
        }

        private ManifestException error(String pointer, String problem, String hint) {
            JsonNode node = nodeAt(pointer);
            return new ManifestException(file, pointer, line(node), column(node), problem, hint);
        }

        /** The node at {@code pointer}, or its nearest existing ancestor (a missing key is reported on its parent). */
        private JsonNode nodeAt(String pointer) {
            JsonPointer p = JsonPointer.compile(pointer);
            JsonNode node = root.at(p);
            while (node.isMissingNode() && !p.matches()) {
                p = p.head();
                node = root.at(p);
            }
            return node;
        }

        private static int line(JsonNode node) {
            JsonLocation l = JsonNodes.tokenLocationOf(node);
            return l == null ? 0 : l.getLineNr();
        }

        private static int column(JsonNode node) {
            JsonLocation l = JsonNodes.tokenLocationOf(node);
            return l == null ? 0 : l.getColumnNr();
        }
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Compares dotted numeric versions ("3.3" vs "3.10"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }
}
