package com.meatscentral.golden.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A small Python tokenizer: enough to tell code from comments and strings, and a docstring
 * from a string argument. Comments are dropped; strings keep their content; logical lines
 * (bracket continuation and backslash joins) end with a NEWLINE token. Not a parser: rules
 * read token sequences.
 */
public final class PythonTokens {

    public enum Type {
        NAME,
        STRING,
        NUMBER,
        OP,
        NEWLINE
    }

    /**
     * @param text       name, operator, or a string's content without prefix and quotes
     * @param line       1-based line where the token starts
     * @param indent     column of the first token of its logical line (block structure)
     * @param lineStart  first token of a logical line
     * @param standalone a string that is a whole statement: a docstring or a bare string, never code
     */
    public record Token(Type type, String text, int line, int indent, boolean lineStart, boolean standalone) {

        public boolean is(String s) {
            return (type == Type.NAME || type == Type.OP) && text.equals(s);
        }
    }

    private static final Set<String> TWO_CHAR_OPS = Set.of(
            "==", "!=", "<=", ">=", ":=", "->", "**", "//", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>",
            "@=");

    private PythonTokens() {}

    public static List<Token> tokenize(String src) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        int line = 1;
        int lineBegin = 0;
        int depth = 0;
        boolean atLogicalStart = true;
        int indent = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                if (depth == 0 && !atLogicalStart) {
                    out.add(new Token(Type.NEWLINE, "", line, indent, false, false));
                    atLogicalStart = true;
                }
                line++;
                i++;
                lineBegin = i;
                continue;
            }
            if (c == '#') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '\\' && i + 1 < n && (src.charAt(i + 1) == '\n' || src.charAt(i + 1) == '\r')) {
                i += src.charAt(i + 1) == '\r' && i + 2 < n && src.charAt(i + 2) == '\n' ? 3 : 2;
                line++;
                lineBegin = i;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int startLine = line;
            int col = i - lineBegin;
            boolean first = atLogicalStart;
            if (first) {
                indent = col;
                atLogicalStart = false;
            }
            int prefixEnd = i;
            while (prefixEnd < n && prefixEnd - i < 2 && "rRbBuUfF".indexOf(src.charAt(prefixEnd)) >= 0) {
                prefixEnd++;
            }
            if (prefixEnd < n && (src.charAt(prefixEnd) == '"' || src.charAt(prefixEnd) == '\'')) {
                char q = src.charAt(prefixEnd);
                boolean triple = prefixEnd + 2 < n && src.charAt(prefixEnd + 1) == q && src.charAt(prefixEnd + 2) == q;
                int j = prefixEnd + (triple ? 3 : 1);
                StringBuilder content = new StringBuilder();
                while (j < n) {
                    char d = src.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        content.append(d).append(src.charAt(j + 1));
                        if (src.charAt(j + 1) == '\n') {
                            line++;
                            lineBegin = j + 2;
                        }
                        j += 2;
                        continue;
                    }
                    if (triple ? (d == q && j + 2 < n && src.charAt(j + 1) == q && src.charAt(j + 2) == q) : d == q) {
                        j += triple ? 3 : 1;
                        break;
                    }
                    if (d == '\n') {
                        if (!triple) {
                            break; // unterminated: stop at the line end
                        }
                        line++;
                        lineBegin = j + 1;
                    }
                    content.append(d);
                    j++;
                }
                out.add(new Token(Type.STRING, content.toString(), startLine, indent, first, false));
                i = j;
                continue;
            }
            if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(src.charAt(j))) {
                    j++;
                }
                out.add(new Token(Type.NAME, src.substring(i, j), startLine, indent, first, false));
                i = j;
                continue;
            }
            if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n
                        && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_' || src.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Type.NUMBER, src.substring(i, j), startLine, indent, first, false));
                i = j;
                continue;
            }
            String op = i + 1 < n && TWO_CHAR_OPS.contains(src.substring(i, i + 2))
                    ? src.substring(i, i + 2)
                    : String.valueOf(c);
            if ("([{".contains(op)) {
                depth++;
            } else if (")]}".contains(op)) {
                depth = Math.max(0, depth - 1);
            }
            out.add(new Token(Type.OP, op, startLine, indent, first, false));
            i += op.length();
        }
        if (!atLogicalStart) {
            out.add(new Token(Type.NEWLINE, "", line, indent, false, false));
        }
        return markStandaloneStrings(out);
    }

    /** A logical line made only of strings is a docstring or a bare expression: documentation, not code. */
    private static List<Token> markStandaloneStrings(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        int start = 0;
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).type() == Type.NEWLINE) {
                boolean allStrings = k > start;
                for (int m = start; m < k && allStrings; m++) {
                    allStrings = tokens.get(m).type() == Type.STRING;
                }
                for (int m = start; m <= k; m++) {
                    Token t = tokens.get(m);
                    out.add(
                            allStrings && t.type() == Type.STRING
                                    ? new Token(t.type(), t.text(), t.line(), t.indent(), t.lineStart(), true)
                                    : t);
                }
                start = k + 1;
            }
        }
        for (int m = start; m < tokens.size(); m++) {
            out.add(tokens.get(m));
        }
        return out;
    }

    /** The logical lines, each without its NEWLINE token. */
    public static List<List<Token>> logicalLines(List<Token> tokens) {
        TokenGroups lines = new TokenGroups();
        for (Token t : tokens) {
            if (t.type() == Type.NEWLINE) {
                lines.cut();
            } else {
                lines.add(t);
            }
        }
        return lines.done();
    }
}
