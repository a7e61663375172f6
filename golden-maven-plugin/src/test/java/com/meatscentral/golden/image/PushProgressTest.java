package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PushResponseItem;
import com.meatscentral.golden.RecordingConsole;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PushProgressTest {

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final RecordingConsole console = new RecordingConsole();
    final AtomicLong now = new AtomicLong();
    final PushProgress progress = new PushProgress(console, now::get);

    void item(String json) throws Exception {
        progress.onItem(JSON.readValue(json, PushResponseItem.class));
    }

    void pushing(String id, long current, long total) throws Exception {
        item("{\"status\":\"Pushing\",\"progressDetail\":{\"current\":" + current + ",\"total\":" + total + "},"
                + "\"progress\":\"[=====>     ] " + current + "\\r\",\"id\":\"" + id + "\"}");
    }

    @Test
    void oneLinePerLayerDoneAndAThrottledSummaryWithoutCarriageReturns() throws Exception {
        item("{\"status\":\"The push refers to repository [127.0.0.1:5000/meatscentral/backend]\"}");
        item("{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}");
        item("{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0f0e0d0c0b0a\"}");
        item("{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"0f0e0d0c0b0a\"}");
        for (int i = 1; i <= 100; i++) { // 100 progress events in 2 s: no line
            now.addAndGet(20_000_000L);
            pushing("a1b2c3d4e5f6", i * 1_048_576L / 10, 10 * 1_048_576L);
        }
        assertThat(console.lines).noneMatch(l -> l.startsWith("INFO  ") && l.contains("pushing"));
        now.addAndGet(PushProgress.INTERVAL_NANOS);
        pushing("a1b2c3d4e5f6", 5 * 1_048_576L, 10 * 1_048_576L);
        pushing("a1b2c3d4e5f6", 6 * 1_048_576L, 10 * 1_048_576L);
        item("{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}");
        item("{\"status\":\"dev-latest: digest: sha256:" + "ab".repeat(32) + " size: 739\"}");

        assertThat(console.lines.stream().filter(l -> l.startsWith("INFO ")))
                .containsExactly(
                        "INFO   layer 0f0e0d0c0b0a: Layer already exists",
                        "INFO   pushing 1 layer(s): 5.0 of 10.0 MB; 1 done",
                        "INFO   layer a1b2c3d4e5f6: Pushed (10.0 MB)");
        assertThat(console.text()).doesNotContain("\r");
    }
}
