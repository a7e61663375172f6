package com.meatscentral.golden.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frontend's runtime configuration, {@code window.ENV = {...};}, loaded by index.html
 * through a {@code <script>} tag. Values come from secrets, so each is written by Jackson as
 * a JSON string literal (quotes, backslashes, control characters, newlines escaped) and
 * additionally {@code < > &} and U+2028/U+2029 become {@code \}u escapes: then no value can
 * close the script element ({@code </script>}), open a comment, or end a JavaScript line.
 */
public final class EnvConfigJs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvConfigJs() {}

    /**
     * @param apiBaseUrl   API_BASE_URL (from REACT_APP_API_BASE_URL)
     * @param environment  ENVIRONMENT (from REACT_APP_ENVIRONMENT)
     * @param frontendRuntime every frontend_runtime value by logical name; REACT_APP_* ones are
     *                        added under their name without the prefix, others are not exposed
     *                        (BACKEND_IP is for the proxy, not for the browser)
     */
    public static String render(String apiBaseUrl, String environment, Map<String, String> frontendRuntime) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("API_BASE_URL", apiBaseUrl);
        env.put("ENVIRONMENT", environment);
        frontendRuntime.entrySet().stream()
                .filter(e -> e.getKey().startsWith("REACT_APP_"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.putIfAbsent(e.getKey().substring("REACT_APP_".length()), e.getValue()));
        StringBuilder out = new StringBuilder("window.ENV = {\n");
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.append("  ").append(literal(e.getKey())).append(": ").append(literal(e.getValue()));
            out.append(++i < env.size() ? ",\n" : "\n");
        }
        return out.append("};\n").toString();
    }

    public static byte[] renderBytes(String apiBaseUrl, String environment, Map<String, String> frontendRuntime) {
        return render(apiBaseUrl, environment, frontendRuntime).getBytes(StandardCharsets.UTF_8);
    }

    /** A JavaScript string literal safe inside an HTML script element. */
    static String literal(String value) {
        try {
            return JSON.writer().with(new HtmlSafeEscapes()).writeValueAsString(value == null ? "" : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string", e);
        }
    }

    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private final int[] table;

        HtmlSafeEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
            table['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Valid JSON but line terminators in older JavaScript: escape them too.
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
