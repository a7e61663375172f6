package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last definition of each field of one app, replayed from its migration files in order
 * (CreateModel, AddField, AlterField, RenameField, RemoveField, RenameModel, DeleteModel and
 * the state side of SeparateDatabaseAndState): what an AlterField changes is only known
 * against the definition before it.
 */
final class FieldHistory {

    private final Map<String, PyCall> fields = new HashMap<>();

    static String key(String model, String field) {
        return model.toLowerCase(java.util.Locale.ROOT) + "." + field.toLowerCase(java.util.Locale.ROOT);
    }

    Optional<PyCall> field(String model, String field) {
        return Optional.ofNullable(fields.get(key(model, field)));
    }

    /** Applies one migration's operations (in order) to the history. */
    void apply(List<PyCall> operations) {
        for (PyCall op : operations) {
            apply(op);
        }
    }

    private void apply(PyCall op) {
        switch (op.name()) {
            case "CreateModel" ->
                op.string("name", 0)
                        .ifPresent(model -> op.arg("fields", 1).ifPresent(list -> {
                            List<java.util.List<Token>> items = new java.util.ArrayList<>();
                            PyCall.split(list, 0, items);
                            for (List<Token> tuple : items) {
                                List<List<Token>> parts = new java.util.ArrayList<>();
                                if (!tuple.isEmpty() && tuple.get(0).is("(")) {
                                    PyCall.split(tuple, 0, parts);
                                }
                                if (parts.size() >= 2 && parts.get(0).size() == 1) {
                                    String name = parts.get(0).get(0).text();
                                    PyCall.parse(parts.get(1), 0).ifPresent(f -> fields.put(key(model, name), f));
                                }
                            }
                        }));
            case "AddField", "AlterField" ->
                op.string("model_name", 0)
                        .ifPresent(model -> op.string("name", 1)
                                .ifPresent(name -> op.arg("field", 2)
                                        .flatMap(f -> PyCall.parse(f, 0))
                                        .ifPresent(f -> fields.put(key(model, name), f))));
            case "RemoveField" ->
                op.string("model_name", 0)
                        .ifPresent(model -> op.string("name", 1).ifPresent(name -> fields.remove(key(model, name))));
            case "RenameField" ->
                op.string("model_name", 0)
                        .ifPresent(model -> op.string("old_name", 1)
                                .ifPresent(old -> op.string("new_name", 2).ifPresent(nu -> {
                                    PyCall f = fields.remove(key(model, old));
                                    if (f != null) {
                                        fields.put(key(model, nu), f);
                                    }
                                })));
            case "RenameModel" ->
                op.string("old_name", 0)
                        .ifPresent(old -> op.string("new_name", 1).ifPresent(nu -> {
                            String prefix = key(old, "");
                            Map<String, PyCall> moved = new HashMap<>();
                            fields.entrySet().removeIf(e -> {
                                if (e.getKey().startsWith(prefix)) {
                                    moved.put(key(nu, e.getKey().substring(prefix.length())), e.getValue());
                                    return true;
                                }
                                return false;
                            });
                            fields.putAll(moved);
                        }));
            case "DeleteModel" ->
                op.string("name", 0).ifPresent(model -> fields.keySet().removeIf(k -> k.startsWith(key(model, ""))));
            case "SeparateDatabaseAndState" -> op.arg("state_operations", 1).ifPresent(l -> apply(PyCall.callsIn(l)));
            default -> {
                // no change to field definitions
            }
        }
    }
}
