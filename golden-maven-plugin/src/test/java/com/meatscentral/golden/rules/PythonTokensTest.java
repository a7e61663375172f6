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

    @Test
    void aCallsArgumentsAreCutAtItsOwnCommasOnly() {
        List<Token> tokens = PythonTokens.tokenize("migrations.AddField('order', name=f(1, 2), field=[a, b],)");

        PyCall call = PyCall.parse(tokens, 0).orElseThrow();

        assertThat(call.name()).isEqualTo("AddField");
        assertThat(call.positional()).hasSize(1);
        assertThat(call.keywords().keySet()).containsExactly("name", "field");
        assertThat(PyCall.text(call.keywords().get("name"))).isEqualTo("f(1,2)");
        assertThat(tokens.get(call.end() - 1).is(")"))
                .as("end is after the closing bracket")
                .isTrue();
    }

    @Test
    void aTreeSplitsAFileIntoLogicalLinesOnceForEveryRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("models.py"), "class A(B):\n    x = 1\n");
        ProjectTree tree = ProjectTree.walk(dir);

        assertThat(tree.pythonLines("models.py")).hasSize(2).isSameAs(tree.pythonLines("models.py"));
    }
}
