package com.meatscentral.golden.it.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The e2e tests' and benchmarks' prober, against a loopback server that fails on purpose. */
class ProberTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void server() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Every 10th answer is a 503; the others carry the version that serves.
        server.createContext("/health/", exchange -> {
            int n = served.incrementAndGet();
            byte[] body = (n % 10 == 0 ? "down" : "{\"version\":\"v" + (n < 20 ? 1 : 2) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n % 10 == 0 ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health/";
    }

    @Test
    void countsEveryFailedAnswerAndTheBodiesOfTheGoodOnes() throws Exception {
        Prober prober = Prober.at(url())
                .rate(50)
                .timeout(Duration.ofSeconds(30))
                .start(); // a loaded CI machine answers late, not wrongly
        try (prober) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (served.get() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(20); // until 30 answers went out, bounded by the deadline
            }
        }

        assertThat(prober.requests()).isGreaterThanOrEqualTo(30);
        assertThat(prober.failed()).isEqualTo(served.get() / 10);
        assertThat(prober.failures()).hasSize((int) prober.failed()).allMatch(f -> f.contains("HTTP 503"));
        assertThat(prober.bodies()).containsOnlyKeys("{\"version\":\"v1\"}", "{\"version\":\"v2\"}");
        assertThat(prober.rate()).isPositive();
    }

    @Test
    void aRequestThatFindsNoServerIsAFailure() throws Exception {
        server.stop(0);
        Prober prober = Prober.at(url()).rate(20).freshEvery(1).start();
        Thread.sleep(300); // a few requests' worth of the schedule, against a closed port

        prober.close();

        assertThat(prober.requests()).isPositive();
        assertThat(prober.failed()).isEqualTo(prober.requests());
    }

    @Test
    void refusesAnAddressOutsideTheTestbedAndLoopback() {
        assertThatThrownBy(() -> Prober.at("http://192.0.2.1:80/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("testbed 10.213.1.x or loopback only");
    }
}
