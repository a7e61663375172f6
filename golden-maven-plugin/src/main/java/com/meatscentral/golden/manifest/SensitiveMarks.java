package com.meatscentral.golden.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code "sensitive": true|false} marks a manifest puts on its variables, by the pointer the
 * verify rules read them at ({@code /variables/<category>/<NAME>/sensitive}, for both formats):
 * a mark decides whether a variable's literal value in the tree is a finding, before its name does.
 */
final class SensitiveMarks {

    private SensitiveMarks() {}

    static Map<String, JsonNode> v3(JsonNode root) {
        Map<String, JsonNode> marks = new LinkedHashMap<>();
        root.path("variables")
                .fields()
                .forEachRemaining(category -> Variable.Category.fromJson(category.getKey())
                        .ifPresent(c -> collect(c, category.getValue(), marks)));
        return marks;
    }

    static Map<String, JsonNode> v5(JsonNode root) {
        Map<String, JsonNode> marks = new LinkedHashMap<>();
        root.path("environment_secrets").fields().forEachRemaining(category -> {
            Variable.Category c = V5Reader.CATEGORIES.get(category.getKey());
            if (c != null) {
                collect(c, category.getValue(), marks);
            }
        });
        return marks;
    }

    private static void collect(Variable.Category category, JsonNode variables, Map<String, JsonNode> marks) {
        variables.fields().forEachRemaining(v -> {
            JsonNode mark = v.getValue().get("sensitive");
            if (mark != null) {
                marks.put("/variables/" + category.jsonName() + "/" + v.getKey() + "/sensitive", mark);
            }
        });
    }
}
