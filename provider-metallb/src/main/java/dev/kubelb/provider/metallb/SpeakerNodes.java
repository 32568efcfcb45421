package dev.kubelb.provider.metallb;

import dev.kubelb.api.Backend;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.TrafficPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Whether MetalLB's speaker on a node announces a Service over BGP, after {@code speaker/bgp_controller.go
 * ShouldAnnounce} (v0.15): not on a node labelled {@link ClusterNode#EXCLUDE_LABEL}; with
 * {@code externalTrafficPolicy: Cluster} only when the Service has a ready endpoint somewhere, with {@code Local} only
 * when one is on this node. An endpoint is ready when it is an address (our EndpointSlices mark host names not ready).
 */
final class SpeakerNodes {
    private SpeakerNodes() {
    }

    /**
     * @param selectors an OR of node selectors; empty = every node
     * @param node a node
     * @return whether the node matches
     */
    static boolean selected(List<LabelSelector> selectors, ClusterNode node) {
        return selectors.isEmpty() || selectors.stream().anyMatch(s -> s.matches(node.labels()));
    }

    /**
     * @param node the speaker's node
     * @param request the request
     * @return why the node's speaker withholds the request's addresses, or empty when it announces them
     */
    static Optional<String> withheld(ClusterNode node, LoadBalancerRequest request) {
        if (node.isExcluded()) {
            return Optional.of("node labelled " + ClusterNode.EXCLUDE_LABEL);
        }
        boolean anyReady = false;
        boolean localReady = false;
        for (Backend b : request.backends()) {
            for (String address : b.addresses()) {
                if (!IpAddress.isValid(address)) {
                    continue; // a host name: never a ready endpoint
                }
                anyReady = true;
                Backend.Node n = b.nodes().get(address);
                localReady |= n != null && n.name().equals(node.name());
            }
        }
        if (!anyReady) {
            return Optional.of("no ready endpoint");
        }
        if (request.trafficPolicy() == TrafficPolicy.LOCAL && !localReady) {
            return Optional.of("externalTrafficPolicy Local and no ready endpoint on this node");
        }
        return Optional.empty();
    }
}
