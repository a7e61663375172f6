package com.meatscentral.golden.rules;

import java.util.List;

/** The pipeline's documents exist: the golden reference and the secrets guide. */
public final class DocsRule extends DescribedRule {

    private final List<String> required;

    public DocsRule(List<String> required) {
        super(RuleTexts.DOCS);
        this.required = List.copyOf(required);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        return required.stream()
                .filter(d -> !tree.exists(d))
                .map(d -> violation(d, 1, d + " is missing"))
                .toList();
    }
}
