package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The JUnit 5 extension behind {@link MockApi}. */
public final class MockApiExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MockApiExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        KubernetesMockServer server = newServer();
        KubernetesClient client = clientOf(server);
        context.getStore(NS).put("server", (AutoCloseable) () -> {
            client.close();
            server.destroy();
        });
        Clusters.onMockServer();
        StaticFields.inject(context.getRequiredTestClass(), Map.of(KubernetesClient.class, client,
                KubernetesMockServer.class, server));
    }

    /** @return a started CRUD mock server that answers as a real server where the mock throws */
    static KubernetesMockServer newServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new Answering(new KubernetesMixedDispatcher(responses)), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** @param server a mock server @return its client */
    static KubernetesClient clientOf(KubernetesMockServer server) {
        // fabric8's mock blocks every request for a while when a watch closes as it sends an event (see
        // Clusters.awaitServedByList): a request waits that out rather than failing after 10 s
        return server.createClient(b -> b.editOrNewConfig().withRequestTimeout(45_000).endConfig());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // the store closes the server
    }

    /** Answers what the CRUD dispatcher throws on, as a real API server would, instead of never answering. */
    static final class Answering extends Dispatcher {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Answering.class);
        private final Dispatcher delegate;

        Answering(Dispatcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                return delegate.dispatch(request);
            } catch (RuntimeException e) {
                LOG.warn("the mock server threw on {} {}: {}", request.getMethod(), request.getPath(), e.toString());
                // zjsonpatch's exception says "[TEST Operation] …" in toString(), not always in getMessage()
                boolean failedTest = (e + " " + e.getMessage()).contains("[TEST Operation]");
                int code = failedTest ? 422 : 500;
                String message = (failedTest ? "the JSON patch's test failed: " : "mock server error: ") + e;
                return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"" + (failedTest ? "Invalid" : "InternalError")
                        + "\",\"code\":" + code + ",\"message\":" + quote(message) + "}");
            }
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
        }
    }
}
