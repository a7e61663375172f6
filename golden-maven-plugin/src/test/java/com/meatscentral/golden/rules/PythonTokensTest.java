package com.meatscentral.golden.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.meatscentral.golden.rules.PythonTokens.Token;
import com.meatscentral.golden.rules.PythonTokens.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonTokensTest {

    @Test
    void commentsAreDroppedAndDocstringsAreStandalone() {
        List<Token> tokens = PythonTokens.tokenize(String.join(
                "\n",
                "def f():",
                "    \"\"\"Never call schema_context(); it is forbidden.\"\"\"",
                "    # schema_context(x) in a comment",
                "    call('schema_context')",
                "    return schema_context(t)"));
        assertThat(tokens.stream().filter(t -> t.type() == Type.NAME && t.text().equals("schema_context")))
                .extracting(Token::line)
                .containsExactly(5);
        assertThat(tokens.stream().filter(t -> t.type() == Type.STRING))
                .extracting(Token::standalone)
                .containsExactly(true, false);
    }

    @Test
    void bracketsAndBackslashesContinueALogicalLine() {
        List<List<Token>> lines = PythonTokens.logicalLines(PythonTokens.tokenize(String.join(
                "\n",
                "x = call(",
                "    'a',",
                "    'b')",
                "y = 1 + \\",
                "    2",
                "s = '''multi",
                "line'''",
                "z = f\"{x}\" + rb'raw'")));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3).get(0).line()).isEqualTo(8);
        assertThat(lines.get(3).get(2).text()).isEqualTo("{x}");
    }
}
