package com.meatscentral.golden.rules;

import com.meatscentral.golden.rules.PythonTokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens cut into groups at separators (logical lines at NEWLINE, call arguments at a top-level
 * comma). An empty group, two separators in a row or one at the end, is dropped.
 */
final class TokenGroups {

    private final List<List<Token>> groups = new ArrayList<>();
    private List<Token> current = new ArrayList<>();

    void add(Token token) {
        current.add(token);
    }

    /** Ends the current group at a separator. */
    void cut() {
        if (!current.isEmpty()) {
            groups.add(current);
        }
        current = new ArrayList<>();
    }

    /** The groups, the one in progress ended. */
    List<List<Token>> done() {
        cut();
        return groups;
    }
}
