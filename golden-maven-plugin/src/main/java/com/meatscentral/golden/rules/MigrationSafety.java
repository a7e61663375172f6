package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classifies the operations of Django migration files, read statically from their source: is
 * each one safe while the previous version of the code still runs against the new schema
 * (the overlap of a zero-downtime deploy), or breaking? A breaking operation comes with the
 * reason and the expand/contract split that makes it safe. Used by golden:migrate and
 * golden:deploy before anything is applied, and by golden:verify's migration-safety rule.
 */
public final class MigrationSafety {

    public enum Verdict {
        SAFE,
        BREAKING
    }

    /** One migration file: {@code app} is its Django app label, {@code name} the module name, e.g. 0002_customer. */
    public record Source(String path, String app, String name, String text) {

        public String id() {
            return app + "." + name;
        }
    }

    /**
     * @param operation e.g. {@code RemoveField customer.email}
     * @param line      1-based line of the operation in the file
     * @param split     how to make a breaking operation safe (expand now, contract later); empty when safe
     */
    public record Operation(String operation, int line, Verdict verdict, String reason, String split) {}

    public record Classified(Source migration, List<Operation> operations) {

        public boolean breaking() {
            return operations.stream().anyMatch(o -> o.verdict() == Verdict.BREAKING);
        }

        public List<Operation> breakingOperations() {
            return operations.stream()
                    .filter(o -> o.verdict() == Verdict.BREAKING)
                    .toList();
        }
    }

    /** The callee standing for an {@code operations} list that is not a literal. */
    static final String COMPUTED = "(computed)";

    private MigrationSafety() {}

    /**
     * Classifies {@code pending}, each against the field definitions that {@code known} (the
     * app's other migration files; may include the pending ones) give before it. Migrations
     * are taken per app in name order, as Django numbers them. A model created by a pending
     * migration is new in this deploy: nothing running uses it yet.
     */
    public static List<Classified> classify(List<Source> pending, List<Source> known) {
        Map<String, Source> all = new LinkedHashMap<>();
        known.forEach(s -> all.put(s.id(), s));
        pending.forEach(s -> all.put(s.id(), s));
        Set<String> pendingIds = new HashSet<>();
        pending.forEach(s -> pendingIds.add(s.id()));
        Map<String, FieldHistory> histories = new LinkedHashMap<>();
        Set<String> newModels = new HashSet<>();
        Map<String, Classified> out = new LinkedHashMap<>();
        all.values().stream()
                .sorted(Comparator.comparing(Source::app).thenComparing(Source::name))
                .forEach(s -> {
                    FieldHistory history = histories.computeIfAbsent(s.app(), a -> new FieldHistory());
                    List<PyCall> operations = operations(s.text());
                    if (pendingIds.contains(s.id())) {
                        OperationJudge judge = new OperationJudge(s.app(), history, newModels);
                        List<Operation> judged = new ArrayList<>();
                        for (PyCall op : operations) {
                            judged.addAll(judge.judge(op));
                            history.apply(List.of(op)); // the next operation sees this one's field definitions
                        }
                        out.put(s.id(), new Classified(s, judged));
                    } else {
                        history.apply(operations);
                    }
                });
        return pending.stream().map(s -> out.get(s.id())).toList();
    }

    /** The calls of the module's {@code operations = [...]} list. */
    static List<PyCall> operations(String source) {
        List<Token> tokens = PythonTokens.tokenize(source);
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).is("operations") && tokens.get(i + 1).is("=")) {
                if (tokens.get(i + 2).is("[") || tokens.get(i + 2).is("(")) {
                    return PyCall.callsIn(tokens.subList(i + 2, tokens.size()));
                }
                // e.g. `operations = get_operations()`: what runs is decided by code at import time
                String expression = tokens.get(i + 2).text()
                        + (i + 3 < tokens.size() && tokens.get(i + 3).is("(") ? "()" : "");
                return List.of(new PyCall(
                        COMPUTED,
                        tokens.get(i).line(),
                        List.of(),
                        Map.of(
                                "expression",
                                List.of(new Token(
                                        Type.NAME, expression, tokens.get(i).line(), 0, false, false))),
                        i + 3));
            }
        }
        return List.of();
    }
}
