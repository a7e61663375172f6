package com.meatscentral.golden.migrate;

import com.meatscentral.golden.GoldenException;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration command of {@code -Dgolden.migrate.command}, split into arguments the way a
 * POSIX shell splits words: whitespace separates, '...' and "..." quote, a backslash escapes
 * the next character (outside single quotes). No expansion of any kind: the container gets
 * the words as they are written, e.g. {@code python -c "import django; print(django.VERSION)"}.
 */
public final class MigrationCommand {

    private MigrationCommand() {}

    /** The arguments, or null (the default command) when {@code command} is null or blank. */
    public static List<String> parse(String command) {
        if (command == null || command.isBlank()) {
            return null;
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\') {
                if (i + 1 == command.length()) {
                    throw unterminated(command, "a trailing backslash");
                }
                word.append(command.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw unterminated(command, "an unterminated " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static GoldenException unterminated(String command, String what) {
        return new GoldenException(
                "golden.migrate.command has " + what + ": " + command,
                "quote arguments with spaces as a shell would, e.g. -Dgolden.migrate.command=\"python manage.py migrate --fake-initial --noinput\"");
    }
}
