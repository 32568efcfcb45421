package dev.kubelb.core.internal.tenant;

import dev.kubelb.api.IpAddress;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tenant's back-end addresses for the shared {@code Addresses} object, as upstream's node controller
 * computes them ({@code internal/controllers/ccm/node_controller.go} {@code GenerateAddresses} at
 * kubermatic/kubelb@80d164b): ready nodes only, each address of the configured type once, IP literals as
 * {@code ip} (sorted numerically, IPv4 before IPv6), and, for type {@code Hostname} only, other values as
 * {@code hostname} after them.
 */
public final class NodeAddresses {
    private NodeAddresses() {
    }

    /**
     * @param nodes the tenant cluster's nodes
     * @param type the node address type used ({@code ExternalIP}, {@code InternalIP} or {@code Hostname})
     * @return the addresses, in upstream's order; empty when no ready node has one
     */
    public static List<KubeLbLoadBalancer.EndpointAddress> of(List<Node> nodes, String type) {
        Set<String> seen = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (!ready(n) || n.getStatus().getAddresses() == null) {
                continue;
            }
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if (type.equals(a.getType()) && a.getAddress() != null && !a.getAddress().isEmpty()) {
                    seen.add(a.getAddress());
                }
            }
        }
        List<IpAddress> ips = new ArrayList<>();
        List<String> hostnames = new ArrayList<>();
        for (String s : seen) {
            if (IpAddress.isValid(s)) {
                ips.add(IpAddress.parse(s));
            } else if ("Hostname".equals(type)) {
                hostnames.add(s);
            }
        }
        ips.sort(Comparator.naturalOrder());
        hostnames.sort(Comparator.naturalOrder());
        List<KubeLbLoadBalancer.EndpointAddress> out = new ArrayList<>();
        ips.forEach(ip -> out.add(new KubeLbLoadBalancer.EndpointAddress(ip.toString())));
        for (String h : hostnames) {
            KubeLbLoadBalancer.EndpointAddress e = new KubeLbLoadBalancer.EndpointAddress();
            e.hostname = h;
            out.add(e);
        }
        return out;
    }

    /**
     * @param addresses endpoint addresses
     * @return one string per address, for comparison and logs
     */
    public static List<String> text(List<KubeLbLoadBalancer.EndpointAddress> addresses) {
        return addresses.stream().map(a -> a.ip != null && !a.ip.isEmpty() ? a.ip : a.hostname).toList();
    }

    private static boolean ready(Node n) {
        if (n.getStatus() == null || n.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : n.getStatus().getConditions()) {
            if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }
}
