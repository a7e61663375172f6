package com.meatscentral.golden.rules;

import java.util.List;

/**
 * Stands in for a rule that cannot run (it needs the manifest, which does not load, or the
 * workflows, which cannot be generated): one violation saying so, at the input that is at fault,
 * instead of a "0 violations" that would read as a pass.
 */
final class UncheckedRule extends DescribedRule {

    private final String path;
    private final String why;

    UncheckedRule(Rule rule, String path, String why, String fix) {
        super(new RuleText(rule.id(), rule.reason(), fix));
        this.path = path;
        this.why = why;
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        return List.of(violation(path, 1, "not checked: " + why));
    }
}
