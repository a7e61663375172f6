package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.serialization.JsonNodeReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code env.manifest.json}: parses it keeping every node's line and column, picks the
 * format by {@code version} (3.3+ or 5.x, each with its own shipped JSON Schema), validates it,
 * then builds the one {@link Manifest} model ({@link V3Reader}, {@link V5Reader}). Every problem
 * is a {@link ManifestException} with file, JSON pointer, line:column and a fix; all problems of
 * a file are reported at once.
 */
public final class ManifestLoader {

    /** Where the plugin POM packages {@code config/env.manifest.schema.json} (v3.3). */
    public static final String SCHEMA_RESOURCE = ManifestSchema.V3_RESOURCE;

    /** The oldest manifest format golden reads. */
    public static final String MINIMUM_VERSION = "3.3";

    private static final String DOCS = "docs/MANIFEST.md";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeReader READER =
            JsonNodeReader.builder().jsonMapper(MAPPER).locationAware().build();

    private ManifestLoader() {}

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
            throw new ManifestException(
                    file,
                    "",
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "malformed JSON: " + parse.getOriginalMessage(),
                    "fix the JSON syntax at that line (a missing comma or quote, a trailing comma, a duplicate key)",
                    parse);
        }
        if (root == null || root.isMissingNode()) {
            throw new ManifestException(
                    file,
                    "",
                    1,
                    1,
                    "the file is empty",
                    "start from the reference manifest config/env.manifest.json (see " + DOCS + ")");
        }
        ManifestDocument doc = new ManifestDocument(file, root);
        boolean v5 = format(doc);
        (v5 ? ManifestSchema.V5 : ManifestSchema.V3).check(doc);
        if (!v5) {
            V3Reader.checkConfigFields(doc);
        }
        // A broken structure would only produce follow-on errors in the model: report the schema's first.
        doc.throwIfProblems();
        Manifest manifest = v5 ? new V5Reader(doc).build() : new V3Reader(doc).build();
        doc.throwIfProblems();
        return manifest;
    }

    /** true for v5.x, false for 3.3+; anything else is one clear error. */
    private static boolean format(ManifestDocument doc) {
        JsonNode version = doc.root().path("version");
        if (!version.isTextual() || !version.asText().matches("[0-9]+\\.[0-9]+")) {
            if (version.isMissingNode() && doc.root().has("environment_secrets")) {
                doc.problem("", "required property 'version' not found", "add \"version\": \"5.1\"");
                doc.throwIfProblems();
            }
            return doc.root().has("environment_secrets") && !doc.root().has("variables");
        }
        String v = version.asText();
        int major = Integer.parseInt(v.substring(0, v.indexOf('.')));
        if (major == 5) {
            return true;
        }
        if (major == 3 && compareVersions(v, MINIMUM_VERSION) >= 0) {
            return false;
        }
        if (major == 3 || major < 3) {
            throw doc.error(
                    "/version",
                    "version " + v + " is older than " + MINIMUM_VERSION + ", the oldest format golden reads",
                    "migrate the manifest to " + MINIMUM_VERSION + " (environments with type and prefix, variables by"
                            + " category) or to 5.x (see " + DOCS + ") and set \"version\" accordingly");
        }
        throw doc.error(
                "/version",
                "golden does not know manifest version " + v
                        + ": it reads 3.x (3.3 or later: prefixes, variables) and 5.x (repository_secrets, environment_secrets)",
                "write the manifest in one of those formats and set \"version\" to e.g. \"3.3\" or \"5.1\" (see " + DOCS
                        + "), or use a golden release that knows " + v);
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
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            // Some editors start UTF-8 files with a byte order mark; JSON does not allow one.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            throw new ManifestException(
                    file,
                    "",
                    0,
                    0,
                    "file not found",
                    "create it (start from the reference config/env.manifest.json) or point -Dgolden.manifest at it");
        } catch (CharacterCodingException e) {
            throw new ManifestException(file, "", 0, 0, "not UTF-8 text", "save the manifest as UTF-8 JSON");
        } catch (IOException e) {
            throw new ManifestException(file, "", 0, 0, "cannot read: " + e, "check the path and its permissions");
        }
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return ManifestDocument.escape(token);
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
