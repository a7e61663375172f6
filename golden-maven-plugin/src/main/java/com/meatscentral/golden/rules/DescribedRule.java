package com.meatscentral.golden.rules;

/**
 * A rule whose id, reason and fix are settled when it is made (from its configuration at the
 * most), so each rule states them once (most in the table {@link RuleTexts}), and keeps only its check.
 */
abstract class DescribedRule implements Rule {

    private final RuleText text;

    DescribedRule(RuleText text) {
        this.text = text;
    }

    @Override
    public final String id() {
        return text.id();
    }

    @Override
    public final String reason() {
        return text.reason();
    }

    @Override
    public final String fix() {
        return text.fix();
    }
}
