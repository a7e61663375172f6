package com.meatscentral.golden.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvConfigJsTest {

    private static final String HOSTILE = "a\"b\\c</script><script>alert(1)</script>\nline2\u2028x\u2029y'z&amp;<!--";

    @Test
    void hostileValuesStayInsideTheirStringLiteralsAndDecodeBackExactly() throws Exception {
        String js = EnvConfigJs.render(
                HOSTILE, "development", Map.of("REACT_APP_FEATURE", HOSTILE, "BACKEND_IP", "10.0.0.1"));

        assertThat(js)
                .doesNotContain("</script")
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("<!--")
                .doesNotContain("\u2028")
                .doesNotContain("\u2029");
        // One line per key: no value broke a line.
        assertThat(js.lines()).hasSize(5);
        // window.ENV = {...}; is a JSON object after the prefix: every value reads back unchanged.
        String json = js.substring("window.ENV = ".length(), js.lastIndexOf(';'));
        @SuppressWarnings("unchecked")
        Map<String, Object> env = new ObjectMapper().readValue(json, Map.class);
        assertThat(env)
                .containsEntry("API_BASE_URL", HOSTILE)
                .containsEntry("ENVIRONMENT", "development")
                .containsEntry("FEATURE", HOSTILE)
                .doesNotContainKey("BACKEND_IP")
                .hasSize(3);
    }

    @Test
    void plainConfigLooksLikeTheReferences() {
        assertThat(EnvConfigJs.render("https://dev.meatscentral.com", "development", Map.of()))
                .isEqualTo("window.ENV = {\n  \"API_BASE_URL\": \"https://dev.meatscentral.com\",\n"
                        + "  \"ENVIRONMENT\": \"development\"\n};\n");
    }
}
