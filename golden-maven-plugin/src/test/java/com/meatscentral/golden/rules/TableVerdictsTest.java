package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.Texts;
import com.meatscentral.golden.rules.MigrationSafety.Classified;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableVerdictsTest {

    @Test
    void everyTableOperationHasItsSafeReasonBreakingReasonAndSplit() throws Exception {
        Texts words = Texts.load(OperationJudge.class, OperationJudge.TABLE_VERDICTS);
        Set<String> expected =
                Set.of("DeleteModel", "AlterModelTable", "AlterOrderWithRespectTo", "RemoveField", "RenameField")
                        .stream()
                        .flatMap(op -> Set.of(op + ".new", op + ".breaking", op + ".fix").stream())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(words.keys()).isEqualTo(expected);
        assertThat(words.keys().stream().map(words::get))
                .allSatisfy(v -> assertThat(v).isNotBlank());
        assertThat(expected.stream().filter(k -> k.endsWith(".new")).map(words::get))
                .as("a safe reason is shown as it stands: no placeholder is filled in")
                .allSatisfy(v -> assertThat(v).doesNotContain("{"));
    }

    /**
     * Each row's {@code {name}} placeholders are the ones its operation supplies: a breaking verdict
     * on an existing table names the model or the fields, and no brace reaches the user.
     */
    @Test
    void everyBreakingVerdictOnAnExistingTableNamesItsModelOrFieldsAndNoPlaceholderIsLeft() {
        List<Classified> c = MigrationSafety.classify(
                List.of(MigrationSafetyTest.source(
                        "0002_change",
                        MigrationSafetyTest.migration(
                                "        migrations.RemoveField(model_name='customer', name='code'),",
                                "        migrations.RenameField(model_name='customer', old_name='email', new_name='address'),",
                                "        migrations.AlterModelTable(name='order', table='orders'),",
                                "        migrations.AlterOrderWithRespectTo(name='order', order_with_respect_to='number'),",
                                "        migrations.DeleteModel(name='Order'),"))),
                List.of(MigrationSafetyTest.source("0001_initial", MigrationSafetyTest.INITIAL)));
        List<MigrationSafety.Operation> ops = c.get(0).operations();
        assertThat(ops).hasSize(5).allSatisfy(o -> {
            assertThat(o.verdict()).isEqualTo(MigrationSafety.Verdict.BREAKING);
            assertThat(o.reason() + " " + o.split()).doesNotContain("{").doesNotContain("}");
        });
        assertThat(ops.get(0).reason() + ops.get(0).split()).contains("code");
        assertThat(ops.get(1).reason() + ops.get(1).split()).contains("email").contains("address");
        assertThat(ops.get(2).reason()).containsIgnoringCase("order");
        assertThat(ops.get(4).reason()).containsIgnoringCase("order");
    }

    @Test
    void aNameIsFilledInOnceAsItStandsAndAPlaceholderNobodySuppliesIsABuildError() {
        assertThat(OperationJudge.filledIn(
                        "renames {old} to {new}", java.util.Map.of("old", "price_$1\\x", "new", "{old}")))
                .isEqualTo("renames price_$1\\x to {old}");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> OperationJudge.filledIn("drops {model}", java.util.Map.of("field", "f")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("golden is built wrong")
                .hasMessageContaining("{model}");
    }
}
