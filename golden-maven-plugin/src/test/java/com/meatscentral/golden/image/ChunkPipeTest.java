package com.meatscentral.golden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {

    @Test
    void everyByteArrivesInOrder() throws Exception {
        byte[] data = new byte[5 * ChunkPipe.CHUNK * ChunkPipe.CHUNKS + 123];
        new Random(7).nextBytes(data);
        ChunkPipe pipe = new ChunkPipe();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (var out = pipe.out) {
                for (int off = 0; off < data.length; off += 1000) {
                    out.write(data, off, Math.min(1000, data.length - off));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        pipe.in.transferTo(received);
        writer.get(30, TimeUnit.SECONDS);
        assertThat(received.toByteArray()).isEqualTo(data);
    }

    @Test
    void aWriterFailureReachesTheReader() throws Exception {
        ChunkPipe pipe = new ChunkPipe();
        pipe.out.write(new byte[10]);
        pipe.fail(new IOException("Permission denied: secret.key"));
        assertThatThrownBy(() -> pipe.in.transferTo(new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Permission denied: secret.key");
    }

    @Test
    void aClosedReaderMakesTheWriterFailInsteadOfBlocking() throws Exception {
        ChunkPipe pipe = new ChunkPipe();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    pipe.out.write(new byte[ChunkPipe.CHUNK]);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        pipe.in.read(new byte[100]);
        pipe.closeReader();
        assertThatThrownBy(() -> writer.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("stopped reading");
    }
}
