package com.meatscentral.golden.rules;

/** A rule that reads golden:verify's configuration (its app roots, health URLs, bindings...) when it checks. */
abstract class ConfiguredRule extends DescribedRule {

    protected final VerifyConfig config;

    ConfiguredRule(RuleText text, VerifyConfig config) {
        super(text);
        this.config = config;
    }
}
