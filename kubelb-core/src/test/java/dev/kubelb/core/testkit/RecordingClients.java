package dev.kubelb.core.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Clients that record every request they send ({@code METHOD path[?query]}), so that a test can check what
 * the code under test asked of a real server — with whatever identity the client has (admin, or a
 * ServiceAccount whose RBAC the test set up).
 */
public final class RecordingClients {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private RecordingClients() {
    }

    /**
     * @param sink where each request is added, in order
     * @return an interceptor adding {@code METHOD path[?query]} of each request to the sink
     */
    static Interceptor recorder(Queue<String> sink) {
        return new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                String query = request.uri().getRawQuery();
                sink.add(request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query));
            }
        };
    }

    /**
     * @param base a client whose configuration (server, identity) the new one takes
     * @param sink where each request is added, in order
     * @return a new client with the same configuration that records its requests
     */
    public static KubernetesClient recording(KubernetesClient base, Queue<String> sink) {
        return new KubernetesClientBuilder().withConfig(base.getConfiguration())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kubelb-test-recorder", recorder(sink)))
                .build();
    }

    /**
     * @param recorded requests as recorded
     * @return the writes among them (POST, PUT, PATCH, DELETE)
     */
    public static List<String> writes(Iterable<String> recorded) {
        List<String> out = new java.util.ArrayList<>();
        for (String r : recorded) {
            if (WRITES.contains(r.substring(0, r.indexOf(' ')))) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * @param request a recorded request
     * @return the namespace in its path, or empty for a cluster-scoped path
     */
    public static java.util.Optional<String> namespaceOf(String request) {
        String path = request.substring(request.indexOf(' ') + 1);
        int i = path.indexOf("/namespaces/");
        if (i < 0) {
            return java.util.Optional.empty();
        }
        String rest = path.substring(i + "/namespaces/".length());
        int end = rest.indexOf('/');
        int q = rest.indexOf('?');
        int cut = end < 0 ? (q < 0 ? rest.length() : q) : (q < 0 ? end : Math.min(end, q));
        // a write to /api/v1/namespaces/<name> itself is a write of a Namespace object (cluster-scoped)
        return end < 0 ? java.util.Optional.empty() : java.util.Optional.of(rest.substring(0, cut));
    }
}
