package dev.kubelb.provider.ccm;

import dev.kubelb.api.Backend;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.PortSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the nodes a load balancer may send traffic to, with the rules of the Kubernetes service
 * controller's stable node set (KEP-3458, the default since Kubernetes 1.27):
 * <ul>
 * <li>a node labelled {@value #EXCLUDE_LABEL} is excluded, unless the label's value is a false boolean
 * ({@code false}, {@code 0}, {@code f}…); any other value, including one that is not a boolean, excludes
 * it;</li>
 * <li>a node being deleted ({@code metadata.deletionTimestamp} set) is excluded;</li>
 * <li>a node tainted {@value #TO_BE_DELETED_TAINT} (the cluster autoscaler is removing it) is excluded.</li>
 * </ul>
 * Readiness does <b>not</b> exclude a node by default, as upstream: the load balancer's own health checks
 * take an unready node out of rotation, and churning the back-end set on every readiness flap breaks
 * connection draining. A host that wants the pre-1.27 behaviour asks for it with
 * {@link #select(List, boolean) select(nodes, true)}. Output is sorted by node name.
 */
public final class BackendNodes {

    /** The label that removes a node from external load balancers. */
    public static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

    /** The taint the cluster autoscaler puts on nodes it is deleting. */
    public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

    private BackendNodes() {
    }

    /**
     * @param nodes the cluster's nodes
     * @return the eligible nodes (readiness not considered), sorted by name
     */
    public static List<Node> select(List<Node> nodes) {
        return select(nodes, false);
    }

    /**
     * @param nodes the cluster's nodes
     * @param requireReady also exclude nodes whose {@code Ready} condition is not {@code True}
     * @return the eligible nodes, sorted by name
     */
    public static List<Node> select(List<Node> nodes, boolean requireReady) {
        Objects.requireNonNull(nodes, "nodes");
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n != null && eligible(n) && (!requireReady || ready(n))) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparing(BackendNodes::name));
        return out;
    }

    /**
     * @param node a node
     * @return whether the service controller would put it behind a load balancer (readiness aside)
     */
    public static boolean eligible(Node node) {
        var meta = node.getMetadata();
        if (meta != null) {
            if (meta.getDeletionTimestamp() != null && !meta.getDeletionTimestamp().isEmpty()) {
                return false;
            }
            Map<String, String> labels = meta.getLabels();
            if (labels != null && labels.containsKey(EXCLUDE_LABEL) && !GO_FALSE.contains(labels.get(EXCLUDE_LABEL))) {
                return false;
            }
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                if (TO_BE_DELETED_TAINT.equals(t.getKey())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param node a node
     * @return whether its {@code Ready} condition is {@code True}
     */
    public static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /**
     * @param node a node
     * @param family a family
     * @return the node's first {@code InternalIP} of that family, else its first {@code ExternalIP}
     */
    public static Optional<String> address(Node node, IpFamily family) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        for (String type : List.of("InternalIP", "ExternalIP")) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if (type.equals(a.getType()) && a.getAddress() != null && IpAddress.isValid(a.getAddress())
                        && IpAddress.parse(a.getAddress()).family() == family) {
                    return Optional.of(a.getAddress());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param name the back-end set's name
     * @param nodes the cluster's nodes (filtered with {@link #select(List)})
     * @param family the family of the addresses to use
     * @param nodePorts the NodePorts, paired by name with the request's ports
     * @return the eligible nodes' addresses × the NodePorts (nodes without an address of the family are left out)
     */
    public static Backend backend(String name, List<Node> nodes, IpFamily family, List<PortSpec> nodePorts) {
        List<String> addresses = new ArrayList<>();
        for (Node n : select(nodes)) {
            address(n, family).ifPresent(addresses::add);
        }
        return new Backend(name, addresses, nodePorts);
    }

    private static String name(Node n) {
        return n.getMetadata() == null || n.getMetadata().getName() == null ? "" : n.getMetadata().getName();
    }
}
