package com.meatscentral.golden.rules;

/**
 * A rule whose id, reason and fix are settled when it is made (from its configuration at the
 * most), so each rule states them once, in its constructor, and keeps only its check.
 */
abstract class DescribedRule implements Rule {

    private final String id;
    private final String reason;
    private final String fix;

    DescribedRule(String id, String reason, String fix) {
        this.id = id;
        this.reason = reason;
        this.fix = fix;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String reason() {
        return reason;
    }

    @Override
    public final String fix() {
        return fix;
    }
}
