package dev.kubelb.core.internal;

import dev.kubelb.api.Backend;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PortSpec;
import dev.kubelb.core.BackendWiring;
import dev.kubelb.core.KubeLbLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders one EndpointSlice per back-end set and address type (IPv4, IPv6, FQDN). */
public final class EndpointSliceWiring implements BackendWiring {

    @Override
    public List<HasMetadata> render(LoadBalancerRequest request, Service service) {
        List<HasMetadata> out = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts();
        for (int i = 0; i < request.backends().size(); i++) {
            Backend b = request.backends().get(i);
            List<EndpointPort> ports = new ArrayList<>();
            for (PortSpec p : b.ports()) {
                // pair with the Service port of the same name; an unnamed backend port serves a single-port Service
                boolean served = servicePorts.stream().anyMatch(sp -> nameOf(sp).equals(p.name())
                        && sp.getProtocol().equals(p.protocol().name()));
                if (served) {
                    ports.add(new EndpointPortBuilder().withName(p.name()).withPort(p.port())
                            .withProtocol(p.protocol().name()).build());
                }
            }
            Map<String, TreeSet<String>> byType = new TreeMap<>();
            for (String a : b.addresses()) {
                String type;
                if (IpAddress.isValid(a)) {
                    type = IpAddress.parse(a).family() == IpFamily.IPV4 ? "IPv4" : "IPv6";
                    a = IpAddress.parse(a).toString();
                } else {
                    type = "FQDN";
                }
                byType.computeIfAbsent(type, k -> new TreeSet<>()).add(a);
            }
            for (Map.Entry<String, TreeSet<String>> e : byType.entrySet()) {
                String suffix = (request.backends().size() > 1 ? "-" + i : "") + "-" + e.getKey().toLowerCase();
                EndpointSliceBuilder slice = new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName(service.getMetadata().getName() + suffix)
                        .withNamespace(service.getMetadata().getNamespace())
                        .addToLabels(KubeLbLabels.SERVICE_NAME, service.getMetadata().getName())
                        .addToLabels(KubeLbLabels.ENDPOINTSLICE_MANAGED_BY, KubeLbLabels.ENDPOINTSLICE_MANAGER)
                        .endMetadata()
                        .withAddressType(e.getKey())
                        .withPorts(ports);
                boolean fqdn = e.getKey().equals("FQDN");
                for (String addr : e.getValue()) {
                    // a host name no proxy forwards to is never counted a ready endpoint (an appliance would
                    // announce an address whose traffic goes nowhere); a known node is named, with its zone,
                    // so that externalTrafficPolicy: Local finds the endpoints local to each node
                    EndpointBuilder ep = new EndpointBuilder().withAddresses(addr)
                            .withNewConditions().withReady(!fqdn).endConditions();
                    Backend.Node node = b.nodes().get(addr);
                    if (node != null) {
                        ep.withNodeName(node.name()).withZone(node.zone().orElse(null));
                    }
                    slice.addToEndpoints(ep.build());
                }
                out.add(slice.build());
            }
        }
        return out;
    }

    private static String nameOf(ServicePort sp) {
        return sp.getName() == null ? "" : sp.getName();
    }
}
