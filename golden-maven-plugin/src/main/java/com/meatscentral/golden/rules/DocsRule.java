package com.meatscentral.golden.rules;

import java.util.List;

/** The pipeline's documents exist: the golden reference and the secrets guide. */
public final class DocsRule extends ConfiguredRule {

    public DocsRule(VerifyConfig config) {
        super(RuleTexts.DOCS.text(), config);
    }

    @Override
    public List<Violation> check(ProjectTree tree) {
        return config.requiredDocs().stream()
                .filter(d -> !tree.exists(d))
                .map(d -> violation(d, 1, d + " is missing"))
                .toList();
    }
}
