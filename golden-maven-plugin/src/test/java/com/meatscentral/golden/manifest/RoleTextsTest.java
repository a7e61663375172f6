package com.meatscentral.golden.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.Texts;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoleTextsTest {

    @Test
    void everyRoleHasAPurposeAndAliasesThatAreVariableNames() {
        assertThat(Role.values()).allSatisfy(r -> {
            assertThat(r.purpose()).isNotBlank();
            assertThat(r.aliases()).isNotEmpty().allMatch(a -> a.matches("[A-Z][A-Z0-9_]*"));
        });
        assertThat(Role.SSH_HOST.aliases()).containsExactly("BASTION_HOST", "SSH_HOST", "DROPLET_HOST", "DROPLET_IP");
        assertThat(Role.SSH_HOST.purpose()).isEqualTo("the droplet (SSH host; the bastion of backends)");
    }

    @Test
    void theResourceHoldsARowForEveryRoleAndNoOther() throws Exception {
        Texts words = Texts.load(Role.class, Role.RESOURCE);
        Set<String> expected = Arrays.stream(Role.values())
                .flatMap(r -> Set.of(r.key() + ".purpose", r.key() + ".aliases").stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(words.keys()).isEqualTo(expected);
    }
}
