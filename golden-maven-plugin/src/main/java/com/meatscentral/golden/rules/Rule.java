package com.meatscentral.golden.rules;

import java.util.List;
import java.util.Optional;

/** A golden rule that can be checked on a source tree without Maven. */
public interface Rule {

    /** Short kebab-case id used in output, in -Dgolden.verify.rules and in golden:allow comments. */
    String id();

    /** Why the rule exists, in one line. */
    String reason();

    /** How to fix a violation, in one line. */
    String fix();

    List<Violation> check(ProjectTree tree);

    default Violation violation(String path, int line, String message) {
        return new Violation(id(), path, line, message, fix(), Optional.empty());
    }

    default Violation violation(String path, int line, String message, String fix) {
        return new Violation(id(), path, line, message, fix, Optional.empty());
    }
}
