package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.utils.JsonNodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A parsed manifest that knows where each node came from (line and column), and collects the
 * problems found in it so that one {@link ManifestException} can list them all.
 */
final class ManifestDocument {

    private final Path file;
    private final JsonNode root;
    private final List<ManifestException> problems = new ArrayList<>();

    ManifestDocument(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** Records a problem at {@code pointer}; {@link #throwIfProblems()} reports them all. */
    void problem(String pointer, String problem, String hint) {
        problems.add(error(pointer, problem, hint));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** One exception: the single problem itself, or every problem in file order. */
    void throwIfProblems() {
        if (problems.isEmpty()) {
            return;
        }
        List<ManifestException> sorted = problems.stream()
                .sorted(Comparator.comparingInt(ManifestException::line).thenComparingInt(ManifestException::column))
                .toList();
        throw ManifestException.all(file, sorted);
    }

    ManifestException error(String pointer, String problem, String hint) {
        JsonNode node = nodeAt(pointer);
        return new ManifestException(file, pointer, line(node), column(node), problem, hint);
    }

    /** The node at {@code pointer}, or its nearest existing ancestor (a missing key is reported on its parent). */
    JsonNode nodeAt(String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode node = root.at(p);
        while (node.isMissingNode() && !p.matches()) {
            p = p.head();
            node = root.at(p);
        }
        return node;
    }

    static int line(JsonNode node) {
        JsonLocation l = JsonNodes.tokenLocationOf(node);
        return l == null ? 0 : l.getLineNr();
    }

    static int column(JsonNode node) {
        JsonLocation l = JsonNodes.tokenLocationOf(node);
        return l == null ? 0 : l.getColumnNr();
    }

    static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
