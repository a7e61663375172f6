package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableVerdictsTest {

    @Test
    void everyTableOperationHasItsSafeReasonBreakingReasonAndSplit() throws Exception {
        Properties words = new Properties();
        try (var in = OperationJudge.class.getResourceAsStream(OperationJudge.TABLE_VERDICTS)) {
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Set<String> expected =
                Set.of("DeleteModel", "AlterModelTable", "AlterOrderWithRespectTo", "RemoveField", "RenameField")
                        .stream()
                        .flatMap(op -> Set.of(op + ".new", op + ".breaking", op + ".fix").stream())
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(words.stringPropertyNames())).isEqualTo(expected);
        assertThat(words.values()).allSatisfy(v -> assertThat(v.toString()).isNotBlank());
    }
}
