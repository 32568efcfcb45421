package dev.kubelb.core;

import dev.kubelb.api.Backend;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tenant Service's back ends read from its own EndpointSlices ({@link ServiceBackends#ENDPOINTS}): one
 * back end per set of ports (a Service whose named target ports resolve differently on different pods has
 * several slices with several port sets), listing the ready endpoints with their node and zone.
 *
 * <p>As kube-proxy reads them: an endpoint's first address is its address; {@code ready} unset counts as
 * ready (discovery.k8s.io/v1: "nil should be interpreted as ready"); a slice port without a port number
 * ("all ports") cannot be paired with a Service port and is skipped; FQDN slices name no address a proxy
 * forwards to and are skipped.
 */
final class PodBackends {
    private PodBackends() {
    }

    static List<Backend> of(List<EndpointSlice> slices) {
        Map<List<PortSpec>, TreeSet<String>> addresses = new LinkedHashMap<>();
        Map<List<PortSpec>, Map<String, Backend.Node>> nodes = new LinkedHashMap<>();
        List<EndpointSlice> sorted = new ArrayList<>(slices);
        sorted.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        for (EndpointSlice slice : sorted) {
            if (!"IPv4".equals(slice.getAddressType()) && !"IPv6".equals(slice.getAddressType())) {
                continue;
            }
            List<PortSpec> ports = ports(slice);
            if (ports.isEmpty() || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (!ready(e.getConditions()) || e.getAddresses() == null || e.getAddresses().isEmpty()
                        || !IpAddress.isValid(e.getAddresses().get(0))) {
                    continue;
                }
                String a = IpAddress.parse(e.getAddresses().get(0)).toString();
                addresses.computeIfAbsent(ports, k -> new TreeSet<>()).add(a);
                if (e.getNodeName() != null && !e.getNodeName().isEmpty()) {
                    nodes.computeIfAbsent(ports, k -> new TreeMap<>())
                            .put(a, new Backend.Node(e.getNodeName(), Optional.ofNullable(e.getZone())));
                }
            }
        }
        List<Backend> out = new ArrayList<>();
        int i = 0;
        // in an order of their own (slice names are random): by their ports
        List<Map.Entry<List<PortSpec>, TreeSet<String>>> groups = new ArrayList<>(addresses.entrySet());
        groups.sort(Comparator.comparing(e -> e.getKey().stream().map(p -> p.name() + "/" + p.protocol() + "/"
                + String.format("%05d", p.port())).toList().toString()));
        for (Map.Entry<List<PortSpec>, TreeSet<String>> e : groups) {
            String name = addresses.size() == 1 ? "pods" : "pods-" + i++;
            out.add(new Backend(name, List.copyOf(e.getValue()), e.getKey(),
                    nodes.getOrDefault(e.getKey(), Map.of())));
        }
        return out;
    }

    private static boolean ready(EndpointConditions c) {
        return c == null || c.getReady() == null || c.getReady();
    }

    private static List<PortSpec> ports(EndpointSlice slice) {
        List<PortSpec> out = new ArrayList<>();
        if (slice.getPorts() != null) {
            for (EndpointPort p : slice.getPorts()) {
                if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                    continue;
                }
                Protocol proto = p.getProtocol() == null ? Protocol.TCP : Protocol.parse(p.getProtocol());
                out.add(PortSpec.of(p.getName() == null ? "" : p.getName(), proto, p.getPort()));
            }
        }
        out.sort(Comparator.comparing(PortSpec::name).thenComparing(PortSpec::protocol));
        return List.copyOf(out);
    }
}
