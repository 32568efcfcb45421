package dev.kubelb.examples.cli;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Counts the reads of single objects a client sends ({@code GET …/namespaces/NS/PLURAL/NAME}): the engine's applier
 * reads each object of a plan once before writing it, so the count is the progress of an apply or a diff.
 */
final class RequestCounter implements Interceptor {
    private volatile Runnable listener = () -> { };

    /** @param l called for each read of a single object (null: nobody) */
    void listen(Runnable l) {
        listener = l == null ? () -> { } : l;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if ("GET".equals(request.method()) && isItem(request.uri().getRawPath())) {
            listener.run();
        }
    }

    /** @return whether the path names one object rather than a list, a watch or discovery */
    static boolean isItem(String path) {
        String[] s = path.replaceAll("^/+|/+$", "").split("/");
        int rest;
        if (s.length >= 2 && "api".equals(s[0])) {
            rest = 2;
        } else if (s.length >= 3 && "apis".equals(s[0])) {
            rest = 3;
        } else {
            return false;
        }
        int n = s.length - rest;
        if (n >= 2 && "namespaces".equals(s[rest]) && n > 2) {
            n -= 2;
        }
        return n == 2;
    }
}
