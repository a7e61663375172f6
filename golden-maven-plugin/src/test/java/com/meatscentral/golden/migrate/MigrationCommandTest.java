package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.meatscentral.golden.GoldenException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationCommandTest {

    @Test
    void splitsOnWhitespaceAndKeepsQuotedWordsWhole() {
        assertThat(MigrationCommand.parse("  python manage.py   migrate --fake-initial --noinput "))
                .containsExactly("python", "manage.py", "migrate", "--fake-initial", "--noinput");
        assertThat(MigrationCommand.parse("python -c \"import django; print('x y')\""))
                .containsExactly("python", "-c", "import django; print('x y')");
        assertThat(MigrationCommand.parse("sh -c 'echo \"$HOME\" done'"))
                .containsExactly("sh", "-c", "echo \"$HOME\" done");
        assertThat(MigrationCommand.parse("a\\ b c''d \"\"")).containsExactly("a b", "cd", "");
    }

    @Test
    void blankMeansTheDefaultCommand() {
        assertThat(MigrationCommand.parse(null)).isNull();
        assertThat(MigrationCommand.parse("   ")).isNull();
        assertThat(new MigrationPlanDefaults().command()).isEqualTo(MigrationPlan.DEFAULT_COMMAND);
    }

    @Test
    void anUnterminatedQuoteIsOneClearError() {
        assertThatThrownBy(() -> MigrationCommand.parse("python -c \"import x"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("unterminated \" quote");
        assertThatThrownBy(() -> MigrationCommand.parse("python x\\"))
                .isInstanceOf(GoldenException.class)
                .hasMessageContaining("trailing backslash");
    }

    /** A plan built with the parsed null command gets the golden default. */
    private static final class MigrationPlanDefaults {
        List<String> command() {
            return new MigrationPlan(
                            "dev-backend",
                            com.meatscentral.golden.ssh.SshSettings.of("h", "u", b -> {
                                b.password = "p";
                            }),
                            "db",
                            5432,
                            "n",
                            "u",
                            "p",
                            0,
                            "r/backend:t",
                            null,
                            null,
                            "k",
                            null,
                            MigrationCommand.parse(""))
                    .command();
        }
    }
}
