package dev.kubelb.examples.hostcontroller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubelb.core.Health;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesLivenessAndReadinessFromTheEnginesHealth() throws Exception {
        AtomicReference<Health> now = new AtomicReference<>(new Health(true, false,
                Map.of("Services", "syncing", "KubeLB LoadBalancers", "waiting"), Optional.empty()));
        try (HealthEndpoint ep = HealthEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), now::get)) {
            assertThat(get(ep, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(ep, "/readyz");
            assertThat(ready.statusCode()).as("a kind it needs still syncing").isEqualTo(503);
            assertThat(ready.body()).contains("watch Services: syncing");

            now.set(new Health(true, true, Map.of("Services", "watching", "KubeLB LoadBalancers", "waiting"),
                    Optional.of("IPAddressPool metallb-system/extern: spec.addresses: overlaps pool x\nmore")));
            HttpResponse<String> ok = get(ep, "/readyz");
            assertThat(ok.statusCode()).as("an optional kind not installed does not make it unready").isEqualTo(200);
            assertThat(ok.body()).contains("leader: true").contains("configuration refused: IPAddressPool")
                    .doesNotContain("more");

            now.set(new Health(true, true, Map.of("Services", "stopped"), Optional.empty()));
            assertThat(get(ep, "/healthz").statusCode()).as("a stopped watch: restart the pod").isEqualTo(503);
        }
    }

    private HttpResponse<String> get(HealthEndpoint ep, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ep.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
