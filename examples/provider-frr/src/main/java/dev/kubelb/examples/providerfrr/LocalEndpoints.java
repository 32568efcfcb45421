package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.TrafficPolicy;
import java.util.Optional;

/**
 * {@code externalTrafficPolicy: Local} for a speaker on one node: kube-proxy delivers such traffic only to
 * endpoints on the node that receives it, so a node without one must not attract it. MetalLB's speakers
 * announce a Local Service only from nodes with a ready endpoint ({@code speaker/main.go}, {@code
 * shouldAnnounce}); this speaker does the same for the node it is told it runs on ({@link FrrOptions#nodeName()}).
 * The back ends are the request's ready endpoints, each with its node.
 */
final class LocalEndpoints {
    private LocalEndpoints() {
    }

    /**
     * @param request a request
     * @param node the node bgpd runs on, if known
     * @return why the address is withheld from this node, or empty when it is announced
     */
    static Optional<String> withheld(LoadBalancerRequest request, Optional<String> node) {
        if (request.trafficPolicy() != TrafficPolicy.LOCAL || node.isEmpty()) {
            return Optional.empty();
        }
        boolean local = request.backends().stream().flatMap(b -> b.nodes().values().stream())
                .anyMatch(n -> n.name().equals(node.get()));
        return local ? Optional.empty()
                : Optional.of("externalTrafficPolicy Local and no ready endpoint on node " + node.get());
    }
}
