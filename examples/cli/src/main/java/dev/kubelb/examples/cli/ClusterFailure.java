package dev.kubelb.examples.cli;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns a failure talking to the cluster into one line naming the server and the cause — connection refused, no
 * route, unknown host, timeout, TLS, 401, 403 with the verb and resource the API server refused (its
 * {@code Status.message}, as {@code kubectl} prints it) — instead of a client-library message without context.
 */
final class ClusterFailure {
    private ClusterFailure() {
    }

    /**
     * @param server the server's URL
     * @param e what went wrong
     * @return the explanation, when the failure is one of talking to the cluster
     */
    static Optional<String> explain(String server, Throwable e) {
        KubernetesClientException api = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String cause = transport(t);
            if (cause != null) {
                return Optional.of("kubelb: cluster " + server + ": " + cause);
            }
            if (t instanceof KubernetesClientException k && k.getCode() > 0 && api == null) {
                api = k;
            }
        }
        if (api == null) {
            return Optional.empty();
        }
        Status s = api.getStatus();
        String message = s != null && s.getMessage() != null && !s.getMessage().isBlank() ? s.getMessage() : null;
        return switch (api.getCode()) {
            case 401 -> Optional.of("kubelb: cluster " + server + ": 401 Unauthorized: the server did not accept the "
                    + "credentials (expired or revoked token, wrong client certificate?)");
            case 403 -> Optional.of("kubelb: cluster " + server + ": 403 Forbidden: "
                    + (message != null ? message : "the request was refused (" + request(api) + ")")
                    + "; ask for RBAC allowing it (see deploy/ for the verbs kubelb needs)");
            default -> api.getCode() >= 500 || api.getCode() == 429
                    ? Optional.of("kubelb: cluster " + server + ": " + api.getCode() + " "
                            + (message != null ? message : "server error") + " (" + request(api) + ")")
                    : Optional.empty();
        };
    }

    private static String request(KubernetesClientException e) {
        return e.getFullResourceName() == null ? "request" : e.getFullResourceName()
                + (e.getName() == null ? "" : " " + e.getName());
    }

    private static String transport(Throwable t) {
        if (t instanceof ConnectException) {
            return "connection refused (is the API server running, is the address right?)";
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException
                || t instanceof TimeoutException) {
            return "no answer in time (" + t.getClass().getSimpleName() + ")";
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + Documents.firstLine(t.getMessage())
                    + " (wrong certificate-authority-data, or not a TLS endpoint?)";
        }
        if (t instanceof java.io.IOException io && io.getMessage() != null
                && io.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection refused")) {
            return "connection refused (is the API server running, is the address right?)";
        }
        return null;
    }
}
