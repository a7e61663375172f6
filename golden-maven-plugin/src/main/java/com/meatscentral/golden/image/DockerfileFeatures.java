package com.meatscentral.golden.image;

import com.meatscentral.golden.GoldenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What in a Dockerfile only BuildKit understands: a {@code # syntax=} parser directive (a
 * frontend image) or an instruction flag the legacy builder rejects ({@code RUN --mount=...},
 * {@code RUN --network}, {@code RUN --security}, {@code COPY --link}, {@code COPY --chmod}). Heredocs are left out: the
 * legacy builder accepts {@code <<EOF} text and does something else with it, so only a
 * {@code # syntax=} line or {@code -Dgolden.build.builder=buildkit} selects BuildKit for them.
 */
public final class DockerfileFeatures {

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*syntax\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIRECTIVE_LIKE = Pattern.compile("^#\\s*[a-zA-Z]+\\s*=");
    private static final Pattern BUILDKIT_FLAG = Pattern.compile(
            "^(RUN|COPY|ADD)\\s+(?:--\\S+\\s+)*?--(mount|network|security|link|chmod)\\b", Pattern.CASE_INSENSITIVE);

    private DockerfileFeatures() {}

    /** Why {@code dockerfile} needs BuildKit, e.g. {@code "line 4: RUN --mount"}; empty if the legacy builder can build it. */
    public static Optional<String> needsBuildKit(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new GoldenException(
                    "Cannot read " + dockerfile + ": " + e.getMessage(), "check that the Dockerfile is readable");
        }
        return needsBuildKit(lines);
    }

    static Optional<String> needsBuildKit(List<String> lines) {
        boolean directives = true; // parser directives only count before the first other line
        StringBuilder logical = null; // an instruction joined over its continuation lines
        int startLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (directives && DIRECTIVE.matcher(line).find()) {
                return Optional.of("line " + (i + 1) + ": " + line);
            }
            directives = directives && DIRECTIVE_LIKE.matcher(line).find();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (logical == null) {
                logical = new StringBuilder();
                startLine = i + 1;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            Optional<String> flag = flag(logical.append(line).toString(), startLine);
            if (flag.isPresent()) {
                return flag;
            }
            logical = null;
        }
        return logical == null ? Optional.empty() : flag(logical.toString(), startLine);
    }

    private static Optional<String> flag(String instruction, int line) {
        Matcher m = BUILDKIT_FLAG.matcher(instruction);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of("line " + line + ": " + m.group(1).toUpperCase(Locale.ROOT) + " --"
                + m.group(2).toLowerCase(Locale.ROOT));
    }
}
