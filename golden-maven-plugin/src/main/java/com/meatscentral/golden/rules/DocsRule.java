package com.meatscentral.golden.rules;

import java.util.List;

/** The pipeline's documents exist: the golden reference and the secrets guide. */
public final class DocsRule implements Rule {

    private final List<String> required;

    public DocsRule(List<String> required) {
        this.required = List.copyOf(required);
    }

    @Override
    public String id() {
        return "docs";
    }

    @Override
    public String reason() {
        return "the golden reference and the secrets guide are what people read before changing the pipeline";
    }

    @Override
    public String fix() {
        return "add the document (the archetype ships both; the secrets tables come from the manifest)";
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        return required.stream()
                .filter(d -> !tree.exists(d))
                .map(d -> violation(d, 1, d + " is missing"))
                .toList();
    }
}
