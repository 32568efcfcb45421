package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BfdProfile;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.PoolScope;
import dev.kubelb.provider.metallb.model.BFDProfile;
import dev.kubelb.provider.metallb.model.BFDProfileSpec;
import dev.kubelb.provider.metallb.model.BGPAdvertisement;
import dev.kubelb.provider.metallb.model.BGPAdvertisementSpec;
import dev.kubelb.provider.metallb.model.BGPPeer;
import dev.kubelb.provider.metallb.model.BGPPeerSpec;
import dev.kubelb.provider.metallb.model.Community;
import dev.kubelb.provider.metallb.model.CommunityEntry;
import dev.kubelb.provider.metallb.model.CommunitySpec;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.provider.metallb.model.IPAddressPoolSpec;
import dev.kubelb.provider.metallb.model.L2Advertisement;
import dev.kubelb.provider.metallb.model.L2AdvertisementSpec;
import dev.kubelb.provider.metallb.model.PreferredNode;
import dev.kubelb.provider.metallb.model.ServiceAllocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretReferenceBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders the neutral configuration as MetalLB objects in the form the API server stores them: every
 * field with a CRD default is written explicitly ({@code autoAssign}, {@code avoidBuggyIPs},
 * {@code aggregationLength}, {@code aggregationLengthV6}, {@code peerPort}, {@code disableMP},
 * {@code dualStackAddressFamily}), unset
 * optional fields are omitted. Order: pools, the Community, BFD profiles, peers, BGP advertisements,
 * L2 advertisements, each by name.
 */
final class ConfigRenderer {
    private final String namespace;
    private final String communityName;

    ConfigRenderer(String namespace, String communityName) {
        this.namespace = namespace;
        this.communityName = communityName;
    }

    List<HasMetadata> render(ApplianceConfig config) {
        List<HasMetadata> out = new ArrayList<>();
        config.pools().stream().sorted(Comparator.comparing(AddressPool::name)).map(this::pool).forEach(out::add);
        config.communityAliases().stream()
                .collect(java.util.stream.Collectors.groupingBy(a -> a.group().orElse(communityName),
                        java.util.TreeMap::new, java.util.stream.Collectors.toList()))
                .forEach((group, aliases) -> out.add(community(group, aliases)));
        config.bfdProfiles().stream().sorted(Comparator.comparing(BfdProfile::name)).map(this::bfd).forEach(out::add);
        for (BgpPeer p : config.peers().stream().sorted(Comparator.comparing(BgpPeer::name)).toList()) {
            p.password().ifPresent(pw -> out.add(PeerPasswords.render(p, pw, namespace)));
            out.add(peer(p));
        }
        config.bgpAdvertisements().stream().sorted(Comparator.comparing(BgpAdvertisement::name))
                .map(this::bgpAdvertisement).forEach(out::add);
        config.l2Advertisements().stream().sorted(Comparator.comparing(dev.kubelb.api.L2Advertisement::name))
                .map(this::l2Advertisement).forEach(out::add);
        return out;
    }

    private ObjectMeta meta(String name, Map<String, String> labels, Map<String, String> annotations) {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setNamespace(namespace);
        if (!labels.isEmpty()) {
            m.setLabels(ConfigImporter.sortedCopy(labels));
        }
        if (!annotations.isEmpty()) {
            m.setAnnotations(ConfigImporter.sortedCopy(annotations));
        }
        return m;
    }

    private IPAddressPool pool(AddressPool p) {
        IPAddressPool o = new IPAddressPool();
        Map<String, String> annotations = p.allowCrossTenantSharing()
                ? Map.of(ConfigImporter.CROSS_TENANT_SHARING, "true") : Map.of();
        o.setMetadata(meta(p.name(), p.labels(), annotations));
        ServiceAllocation sa = null;
        if (p.scope().isPresent()) {
            PoolScope s = p.scope().get();
            sa = new ServiceAllocation(s.priority().orElse(null), s.tenants().isEmpty() ? null : s.tenants(),
                    Selectors.toFabric8(s.tenantSelectors()), Selectors.toFabric8(s.serviceSelectors()));
        }
        o.setSpec(new IPAddressPoolSpec(p.ranges().stream().map(AddressRange::text).toList(), p.autoAssign(),
                p.avoidBuggyIps(), sa));
        return o;
    }

    private Community community(String name, List<CommunityAlias> aliases) {
        Community o = new Community();
        o.setMetadata(meta(name, Map.of(), Map.of()));
        List<CommunityEntry> entries = aliases.stream().sorted(Comparator.comparing(CommunityAlias::name))
                .map(a -> new CommunityEntry(a.name(), communityText(a.value()))).toList();
        o.setSpec(new CommunitySpec(entries));
        return o;
    }

    /**
     * @param c a community
     * @return its MetalLB spelling (a well-known name, which MetalLB does not know, as its numeric value)
     */
    static String communityText(dev.kubelb.api.Community c) {
        if (c instanceof dev.kubelb.api.Community.WellKnown w) {
            return w.asStandard().text();
        }
        return c.text();
    }

    private BFDProfile bfd(BfdProfile b) {
        BFDProfile o = new BFDProfile();
        o.setMetadata(meta(b.name(), Map.of(), Map.of()));
        o.setSpec(new BFDProfileSpec(toLong(b.receiveInterval().orElse(null)), toLong(b.transmitInterval().orElse(null)),
                toLong(b.detectMultiplier().orElse(null)), toLong(b.echoInterval().orElse(null)),
                b.echoMode().orElse(null), b.passiveMode().orElse(null), toLong(b.minimumTtl().orElse(null))));
        return o;
    }

    private static Long toLong(Integer v) {
        return v == null ? null : v.longValue();
    }

    private BGPPeer peer(BgpPeer p) {
        BGPPeer o = new BGPPeer();
        o.setMetadata(meta(p.name(), Map.of(), Map.of()));
        o.setSpec(new BGPPeerSpec(p.myAsn(), p.peerAsn().orElse(null), p.dynamicAsn().map(d -> d.text()).orElse(null),
                p.peerAddress().map(Object::toString).orElse(null), p.sourceAddress().map(Object::toString).orElse(null), p.port(),
                p.holdTime().map(GoDuration::format).orElse(null), p.keepaliveTime().map(GoDuration::format).orElse(null),
                p.connectTime().map(GoDuration::format).orElse(null), p.routerId().orElse(null),
                Selectors.toFabric8(p.nodeSelectors()), null, passwordSecret(p),
                p.bfdProfile().orElse(null), p.gracefulRestart() ? Boolean.TRUE : null,
                p.ebgpMultiHop() ? Boolean.TRUE : null, p.vrf().orElse(null), p.disableMp(), p.localAsn().orElse(null),
                p.interfaceName().orElse(null), p.dualStackAddressFamily()));
        return o;
    }

    /** A clear-text password is rendered as a reference to the Secret {@link PeerPasswords} renders. */
    private io.fabric8.kubernetes.api.model.SecretReference passwordSecret(BgpPeer p) {
        if (p.password().isPresent()) {
            return new SecretReferenceBuilder().withName(PeerPasswords.secretName(p.name())).withNamespace(namespace)
                    .build();
        }
        return p.passwordSecret().map(s -> new SecretReferenceBuilder().withName(s.name())
                .withNamespace(s.namespace().isEmpty() ? null : s.namespace()).build()).orElse(null);
    }

    private BGPAdvertisement bgpAdvertisement(BgpAdvertisement a) {
        BGPAdvertisement o = new BGPAdvertisement();
        o.setMetadata(meta(a.name(), Map.of(), Map.of()));
        o.setSpec(new BGPAdvertisementSpec(a.aggregationLength(), a.aggregationLengthV6(), a.localPref().orElse(null),
                nullIfEmpty(a.communities().stream().map(ConfigRenderer::communityText).toList()),
                nullIfEmpty(a.pools()), Selectors.toFabric8(a.poolSelectors()), Selectors.toFabric8(a.nodeSelectors()),
                nullIfEmpty(a.peers()), Selectors.toFabric8(a.serviceSelectors()), a.asPathPrepend().orElse(null)));
        return o;
    }

    private L2Advertisement l2Advertisement(dev.kubelb.api.L2Advertisement a) {
        L2Advertisement o = new L2Advertisement();
        o.setMetadata(meta(a.name(), Map.of(), Map.of()));
        o.setSpec(new L2AdvertisementSpec(nullIfEmpty(a.pools()), Selectors.toFabric8(a.poolSelectors()),
                Selectors.toFabric8(a.nodeSelectors()), nullIfEmpty(a.interfaces()), Selectors.toFabric8(a.serviceSelectors()),
                nullIfEmpty(a.preferredNodeSelectors().stream()
                        .map(n -> new PreferredNode(Selectors.toFabric8(n.preference()), n.weight())).toList())));
        return o;
    }

    private static <T> List<T> nullIfEmpty(List<T> l) {
        return l.isEmpty() ? null : l;
    }
}
