package com.meatscentral.golden.rules;

/**
 * What a rule says of itself.
 *
 * @param id short kebab-case id used in output, in -Dgolden.verify.rules and in golden:allow comments
 * @param reason why the rule exists, in one line
 * @param fix how to fix a violation, in one line
 */
record RuleText(String id, String reason, String fix) {}
