package com.meatscentral.golden.rules;

import com.meatscentral.golden.Texts;
import java.util.Locale;
import java.util.Map;

/**
 * The rules whose words do not depend on their configuration, in report order. Each one's id
 * (its name in kebab case: what {@code -Dgolden.verify.rules} and {@code golden:allow} name),
 * reason and fix are data, so the words live in {@value #RESOURCE}, read once (UTF-8), and this
 * enum only names them. (health-checks, tenancy-model-fk and tenancy-viewset name configured
 * values and make their text in their constructor.)
 */
enum RuleTexts {
    MANIFEST,
    DOCS,
    TENANCY_PACKAGES,
    TENANCY_SCHEMA_CODE,
    TENANCY_UNIQUE,
    TENANCY_FK_TENANT,
    MIGRATE_AT_STARTUP,
    WORKFLOW_MIGRATE,
    PROD_LATEST,
    ENV_FILE_VALUES,
    HARDCODED_SECRET,
    WORKFLOW_DRIFT,
    PARENT_BINDINGS;

    static final String RESOURCE = "rule-texts.properties";

    private static final Map<RuleTexts, RuleText> TEXTS = Texts.table(
            RuleTexts.class,
            RESOURCE,
            (r, t) -> new RuleText(r.id(), t.get(r.id() + ".reason"), t.get(r.id() + ".fix")));

    /** The rule's id, reason and fix. */
    RuleText text() {
        return TEXTS.get(this);
    }

    /** The id the rule is named by, e.g. {@code tenancy-fk-tenant}. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
