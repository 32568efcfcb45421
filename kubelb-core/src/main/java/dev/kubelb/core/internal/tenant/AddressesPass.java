package dev.kubelb.core.internal.tenant;

import dev.kubelb.core.crd.KubeLbAddresses;
import dev.kubelb.core.crd.KubeLbLoadBalancer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the shared {@code Addresses} object {@code default} of the tenant namespace equal to the tenant's
 * node addresses, as upstream's node controller does ({@code internal/controllers/ccm/node_controller.go}):
 * created when missing, updated when it differs, left alone (and reported) while no ready node has an address
 * of the configured type. Every mirrored LoadBalancer references it, so a node change is one write here and
 * the manager updates every back end.
 */
final class AddressesPass {
    private static final Logger LOG = LoggerFactory.getLogger(AddressesPass.class);

    private final AgentLoop.Settings settings;
    private final List<Node> nodes;
    private final KubeLbAddresses cached;

    AddressesPass(AgentLoop.Settings settings, List<Node> nodes, KubeLbAddresses cached) {
        this.settings = settings;
        this.nodes = nodes;
        this.cached = cached;
    }

    void run() {
        List<KubeLbLoadBalancer.EndpointAddress> want = NodeAddresses.of(nodes, settings.nodeAddressType());
        List<String> text = NodeAddresses.text(want);
        if (want.isEmpty()) {
            LOG.warn("no ready node of the tenant cluster has an address of type {}: Addresses {}/{} left as it is",
                    settings.nodeAddressType(), settings.namespace(), LoadBalancerMapper.ADDRESSES_NAME);
            settings.listener().failed("Addresses", "no ready node has an address of type " + settings.nodeAddressType());
            return;
        }
        if (cached == null) {
            KubeLbAddresses a = new KubeLbAddresses();
            ObjectMeta meta = new ObjectMeta();
            meta.setName(LoadBalancerMapper.ADDRESSES_NAME);
            meta.setNamespace(settings.namespace());
            a.setMetadata(meta);
            a.setSpec(new KubeLbAddresses.Spec());
            a.getSpec().addresses.addAll(want);
            settings.management().resources(KubeLbAddresses.class).inNamespace(settings.namespace()).resource(a).create();
        } else if (cached.getSpec() == null || !NodeAddresses.text(cached.getSpec().addresses).equals(text)) {
            KubeLbAddresses a = AgentLoop.copy(cached);
            a.setSpec(new KubeLbAddresses.Spec());
            a.getSpec().addresses.addAll(want);
            settings.management().resources(KubeLbAddresses.class).inNamespace(settings.namespace()).resource(a).update();
        } else {
            return;
        }
        LOG.info("Addresses {}/{} now lists {}", settings.namespace(), LoadBalancerMapper.ADDRESSES_NAME, text);
        settings.listener().addressesWritten(text);
    }
}
