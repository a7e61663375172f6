package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call expression read from tokens, {@code migrations.AddField(model_name='x', field=...)}:
 * the dotted callee, positional arguments and keyword arguments, each an expression as a
 * token slice. Enough to read a Django migration's {@code operations} list, which is data
 * written as constructor calls; not a Python parser.
 */
record PyCall(String callee, int line, List<List<Token>> positional, Map<String, List<Token>> keywords, int end) {

    /** The callee's last component: {@code AddField} for {@code migrations.AddField}. */
    String name() {
        return PythonModule.simple(callee);
    }

    /** Keyword {@code kw}, else positional argument {@code index} (-1: keyword only). */
    Optional<List<Token>> arg(String kw, int index) {
        if (keywords.containsKey(kw)) {
            return Optional.of(keywords.get(kw));
        }
        return index >= 0 && index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    /** A string argument's value ({@code 'customer'}), lower-cased as Django keys models and fields. */
    Optional<String> string(String kw, int index) {
        return arg(kw, index)
                .filter(t -> t.size() == 1 && t.get(0).type() == Type.STRING)
                .map(t -> t.get(0).text());
    }

    boolean isTrue(String kw) {
        return arg(kw, -1).map(t -> t.size() == 1 && t.get(0).is("True")).orElse(false);
    }

    /** The call starting at {@code tokens[from]} (a dotted name then '('), or empty. */
    static Optional<PyCall> parse(List<Token> tokens, int from) {
        int i = from;
        StringBuilder callee = new StringBuilder();
        while (i < tokens.size()
                && (tokens.get(i).type() == Type.NAME || tokens.get(i).is("."))) {
            callee.append(tokens.get(i).text());
            i++;
        }
        if (callee.length() == 0 || i >= tokens.size() || !tokens.get(i).is("(")) {
            return Optional.empty();
        }
        int line = tokens.get(from).line();
        List<List<Token>> items = new ArrayList<>();
        int end = split(tokens, i, items);
        List<List<Token>> positional = new ArrayList<>();
        Map<String, List<Token>> keywords = new LinkedHashMap<>();
        for (List<Token> item : items) {
            if (item.size() >= 2
                    && item.get(0).type() == Type.NAME
                    && item.get(1).is("=")) {
                keywords.put(item.get(0).text(), item.subList(2, item.size()));
            } else if (!item.isEmpty()) {
                positional.add(item);
            }
        }
        return Optional.of(new PyCall(callee.toString(), line, positional, keywords, end));
    }

    /**
     * Splits the bracketed sequence opening at {@code tokens[open]} into its comma-separated
     * items (at the top level of that bracket). Returns the index after the closing bracket.
     */
    static int split(List<Token> tokens, int open, List<List<Token>> items) {
        int depth = 0;
        TokenGroups groups = new TokenGroups();
        int i = open;
        for (; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.OP && "([{".contains(t.text())) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (t.type() == Type.OP && ")]}".contains(t.text())) {
                depth--;
                if (depth == 0) {
                    i++;
                    break;
                }
            }
            if (depth == 1 && t.is(",")) {
                groups.cut();
            } else {
                groups.add(t);
            }
        }
        items.addAll(groups.done());
        return i;
    }

    /** The calls that are the items of the list (or tuple) expression {@code list}; other items are skipped. */
    static List<PyCall> callsIn(List<Token> list) {
        List<PyCall> calls = new ArrayList<>();
        if (list.isEmpty() || !(list.get(0).is("[") || list.get(0).is("("))) {
            return calls;
        }
        List<List<Token>> items = new ArrayList<>();
        split(list, 0, items);
        for (List<Token> item : items) {
            parse(item, 0).ifPresent(calls::add);
        }
        return calls;
    }

    /** The expression's text with single spaces, for messages. */
    static String text(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            out.append(t.type() == Type.STRING ? "'" + t.text() + "'" : t.text());
        }
        return out.toString();
    }
}
