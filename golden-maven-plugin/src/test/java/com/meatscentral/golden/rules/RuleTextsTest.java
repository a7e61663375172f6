package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.Texts;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleTextsTest {

    @Test
    void everyRuleHasAOneLineReasonAndFix() {
        assertThat(Arrays.stream(RuleTexts.values()).map(RuleTexts::text)).allSatisfy(t -> {
            assertThat(t.id()).matches("[a-z]+(-[a-z]+)*");
            assertThat(t.reason()).isNotBlank().doesNotContain("\n");
            assertThat(t.fix()).isNotBlank().doesNotContain("\n");
        });
        assertThat(Arrays.stream(RuleTexts.values()).map(r -> r.text().id())).doesNotHaveDuplicates();
    }

    @Test
    void theResourceHoldsExactlyTheTextsOfTheTable() throws Exception {
        Texts texts = Texts.load(RuleTexts.class, RuleTexts.RESOURCE);
        Set<String> expected = Arrays.stream(RuleTexts.values())
                .map(RuleTexts::text)
                .flatMap(t -> Set.of(t.id() + ".reason", t.id() + ".fix").stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(texts.keys()).isEqualTo(expected);
    }

    @Test
    void textsReadAsTheyWereWritten() {
        assertThat(RuleTexts.TENANCY_FK_TENANT.text().fix())
                .isEqualTo("add the composite key in a migration: (tenant_id, <field>_id) -> (tenant_id, id), e.g. "
                        + "tenant_foreign_key(\"<table>\", \"<field>_id\", \"<target table>\") with "
                        + "UniqueConstraint(fields=[\"tenant\", \"id\"]) on the target");
        assertThat(RuleTexts.TENANCY_UNIQUE.text().fix())
                .isEqualTo("use models.UniqueConstraint(fields=['tenant', ...], name=...) instead");
    }
}
