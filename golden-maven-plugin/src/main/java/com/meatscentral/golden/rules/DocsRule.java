package com.meatscentral.golden.rules;

import java.util.List;

/** The pipeline's documents exist: the golden reference and the secrets guide. */
public final class DocsRule extends DescribedRule {

    private final List<String> required;

    public DocsRule(List<String> required) {
        super(
                "docs",
                "the golden reference and the secrets guide are what people read before changing the pipeline",
                "add the document (the archetype ships both; the secrets tables come from the manifest)");
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
