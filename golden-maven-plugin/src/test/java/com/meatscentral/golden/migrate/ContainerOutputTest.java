package com.meatscentral.golden.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.StreamType;
import com.meatscentral.golden.secrets.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's output as the engine delivers it: frames that cut lines and characters anywhere. */
class ContainerOutputTest {

    final List<String> logged = new ArrayList<>();
    final Redactor redactor = new Redactor();
    final ContainerOutput output = new ContainerOutput(redactor, (level, line) -> logged.add(line));

    @Test
    void aCharacterCutBetweenTwoFramesIsDecodedWholeAndEachStreamKeepsItsOwnPartialLine() {
        byte[] line = "  Applying customers.0002_café… OK\n".getBytes(StandardCharsets.UTF_8);
        int inside = "  Applying customers.0002_caf".length() + 1; // after the first byte of é
        output.accept(StreamType.STDOUT, Arrays.copyOfRange(line, 0, inside));
        output.accept(StreamType.STDERR, "warn".getBytes(StandardCharsets.UTF_8));
        output.accept(StreamType.STDOUT, Arrays.copyOfRange(line, inside, line.length));
        output.accept(StreamType.STDERR, "ing\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(logged).containsExactly("  |   Applying customers.0002_café… OK", "  | warning");
    }

    @Test
    void theMarkerLineIsKeptApartRedactedLinesAreLoggedAndTheLastTwentyKept() {
        redactor.register("s3cret-password");
        output.capture("GOLDEN-PENDING ");
        StringBuilder text = new StringBuilder("GOLDEN-PENDING {\"pending\": 2}\n");
        for (int i = 1; i <= 25; i++) {
            text.append("line ")
                    .append(i)
                    .append(i == 25 ? " s3cret-password" : "")
                    .append('\n');
        }
        text.append("no newline at the end");
        output.accept(StreamType.STDOUT, text.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(output.hasCaptured()).isTrue();
        output.flush();

        assertThat(output.captured()).containsExactly("GOLDEN-PENDING {\"pending\": 2}");
        assertThat(logged).hasSize(26).noneMatch(l -> l.contains("s3cret-password") || l.contains("GOLDEN-PENDING"));
        assertThat(output.lastLines())
                .hasSize(ContainerOutput.KEPT_LINES)
                .startsWith("line 7")
                .endsWith("no newline at the end");
    }
}
