package dev.kubelb.provider.cilium;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.api.Protocol;
import dev.kubelb.api.SecretRef;
import dev.kubelb.spi.Assignment;
import dev.kubelb.spi.ProviderContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Shared test inputs. */
final class Fixtures {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Fixtures() {
    }

    static CiliumSession session() {
        return new CiliumSession(ProviderContext.offline("kube-system"));
    }

    /** A session following the rules of the given Cilium release ({@code 1.16}, {@code 1.17}, {@code 1.18}). */
    static CiliumSession session(String ciliumVersion) {
        return new CiliumSession(new ProviderContext(Optional.empty(), "kube-system",
                dev.kubelb.spi.ClusterInfo.UNKNOWN, Map.of(CiliumVersion.OPTION, ciliumVersion)));
    }

    /** The seed scenario, plus peers, an iBGP advertisement with communities, and an L2 pool. */
    static ApplianceConfig config() {
        return ApplianceConfig.builder()
                .pool(AddressPool.builder("extern").addresses("10.10.255.200-10.10.255.250").avoidBuggyIps(true).build())
                .pool(AddressPool.builder("internal").addresses("10.20.0.0/24", "fd00:20::/120")
                        .scope(new PoolScope(Optional.of(10), List.of("tenant-a", "tenant-b"), List.of(),
                                List.of(LabelSelector.of(Map.of("tier", "internal")))))
                        .label("exposure", "internal").build())
                .pool(AddressPool.builder("office").addresses("192.168.50.16/28").autoAssign(false).build())
                .advertisement(BgpAdvertisement.builder("extern").pools("extern").communities("64512:100", "no-export",
                        "large:64512:1:2").localPref(200).build())
                .advertisement(BgpAdvertisement.builder("internal").poolSelector(LabelSelector.of(Map.of("exposure",
                        "internal"))).peers("tor-a").localPref(50).build())
                .advertisement(new L2Advertisement("office", List.of("office"), List.of(),
                        List.of(LabelSelector.of(Map.of("node-role.kubernetes.io/edge", ""))), List.of("eth1")))
                .peer(BgpPeer.builder("tor-a", 64512, 64512, "10.0.0.1").timers(Duration.ofSeconds(9),
                        Duration.ofSeconds(3)).passwordSecret(new SecretRef("", "bgp-auth", "password"))
                        .gracefulRestart(true).build())
                .peer(BgpPeer.builder("tor-b", 64512, 64512, "10.0.0.2").timers(Duration.ofSeconds(9),
                        Duration.ofSeconds(3)).passwordSecret(new SecretRef("", "bgp-auth", "password"))
                        .gracefulRestart(true).build())
                .peer(BgpPeer.builder("upstream", 64512, 65000, "fd00::1").port(1179).ebgpMultiHop(true)
                        .connectTime(Duration.ofSeconds(5)).build())
                .build();
    }

    static LoadBalancerRequest.Builder request(String tenant, String name, PortSpec... ports) {
        return LoadBalancerRequest.builder(tenant, name).ports(Arrays.asList(ports));
    }

    static PortSpec tcp(int port) {
        return PortSpec.of("tcp-" + port, Protocol.TCP, port);
    }

    static PortSpec udp(int port) {
        return PortSpec.of("udp-" + port, Protocol.UDP, port);
    }

    static Assignment assign(LoadBalancerRequest r, String pool, String... addresses) {
        return new Assignment(r, new Allocation(r.id(), pool, Arrays.stream(addresses).map(IpAddress::parse).toList(),
                r.sharingKey()));
    }

    static String yaml(List<? extends HasMetadata> objects) {
        return objects.stream().map(SERIALIZATION::asYaml).collect(Collectors.joining());
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            out.add(SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class));
        }
        return out;
    }

    static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
