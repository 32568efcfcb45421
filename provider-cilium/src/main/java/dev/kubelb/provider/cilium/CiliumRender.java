package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.CiliumNames.*;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Advertisement;
import dev.kubelb.api.Allocation;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.IpFamilyPolicy;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.LoadBalancerRequest;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PortSpec;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPoolV2Alpha1;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import dev.kubelb.spi.Assignment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Neutral model to Cilium objects. Pure: no I/O, deterministic output. */
final class CiliumRender {
    static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** ebgpMultihop TTL rendered for {@code ebgpMultiHop: true} (FRR's and MetalLB's multi-hop default). */
    static final int MULTIHOP_TTL = 255;

    private final boolean poolV2;

    CiliumRender(boolean poolV2) {
        this.poolV2 = poolV2;
    }

    List<HasMetadata> renderConfig(ApplianceConfig config, List<Assignment> assignments) {
        List<HasMetadata> out = new ArrayList<>();
        for (AddressPool pool : config.pools()) {
            out.add(renderPool(pool, assignments));
        }
        for (BgpAdvertisement ad : config.bgpAdvertisements()) {
            out.add(renderAdvertisement(ad, config));
        }
        out.addAll(renderPeers(config));
        for (L2Advertisement l2 : config.l2Advertisements()) {
            out.add(renderL2(l2, config));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- pools

    HasMetadata renderPool(AddressPool pool, List<Assignment> assignments) {
        CustomResource<IpPoolSpec, ?> cr = poolV2 ? new CiliumLoadBalancerIPPool() : new CiliumLoadBalancerIPPoolV2Alpha1();
        ObjectMeta meta = meta(pool.name());
        if (!pool.labels().isEmpty()) {
            meta.setLabels(new LinkedHashMap<>(pool.labels()));
        }
        Map<String, String> ann = new TreeMap<>();
        if (!pool.autoAssign()) {
            ann.put(ANN_AUTO_ASSIGN, "false");
        }
        pool.scope().flatMap(PoolScope::priority).ifPresent(p -> ann.put(ANN_PRIORITY, String.valueOf(p)));
        if (pool.allowCrossTenantSharing()) {
            ann.put(ANN_CROSS_TENANT, "true");
        }
        // MetalLB's avoidBuggyIPs (.0 and .255) is not Cilium's allowFirstLastIPs: No (first and last of each
        // CIDR): kubelb honours it itself, as it pins every address, and keeps it in an annotation
        if (pool.avoidBuggyIps()) {
            ann.put(ANN_AVOID_BUGGY_IPS, "true");
        }
        if (!ann.isEmpty()) {
            meta.setAnnotations(new LinkedHashMap<>(ann));
        }
        cr.setMetadata(meta);
        IpPoolSpec spec = new IpPoolSpec();
        List<IpPoolSpec.Block> blocks = new ArrayList<>();
        for (AddressRange r : pool.ranges()) {
            blocks.add(r.isCidr() ? IpPoolSpec.Block.cidr(r.text().trim())
                    : IpPoolSpec.Block.range(r.first().toString(), r.last().toString()));
        }
        spec.setBlocks(blocks);
        serviceSelector(pool).ifPresent(spec::setServiceSelector);
        cr.setSpec(spec);
        return cr;
    }

    /** The pool's {@code serviceSelector}: tenants by {@link CiliumNames#LABEL_TENANT}, plus the one service selector. */
    static Optional<io.fabric8.kubernetes.api.model.LabelSelector> serviceSelector(AddressPool pool) {
        if (pool.scope().isEmpty()) {
            return Optional.empty();
        }
        PoolScope scope = pool.scope().get();
        Map<String, String> labels = new LinkedHashMap<>();
        List<LabelSelectorRequirement> reqs = new ArrayList<>();
        if (!scope.tenants().isEmpty()) {
            reqs.add(Selectors.requirement(LABEL_TENANT, "In", scope.tenants()));
        }
        if (!scope.serviceSelectors().isEmpty()) {
            LabelSelector s = scope.serviceSelectors().get(0);
            labels.putAll(s.matchLabels());
            io.fabric8.kubernetes.api.model.LabelSelector f = Selectors.toFabric8(s);
            if (f.getMatchExpressions() != null) {
                reqs.addAll(f.getMatchExpressions());
            }
        }
        if (labels.isEmpty() && reqs.isEmpty()) {
            return Optional.empty();
        }
        io.fabric8.kubernetes.api.model.LabelSelector sel = new io.fabric8.kubernetes.api.model.LabelSelector();
        sel.setMatchLabels(labels.isEmpty() ? null : labels);
        sel.setMatchExpressions(reqs.isEmpty() ? null : reqs);
        return Optional.of(sel);
    }

    // ---------------------------------------------------------------- advertisements

    HasMetadata renderAdvertisement(BgpAdvertisement ad, ApplianceConfig config) {
        CiliumBGPAdvertisement cr = new CiliumBGPAdvertisement();
        ObjectMeta meta = meta(ad.name());
        meta.setLabels(new LinkedHashMap<>(Map.of(LABEL_ADVERTISEMENT, ad.name())));
        poolSelectionAnnotation(ad).ifPresent(v -> meta.setAnnotations(new LinkedHashMap<>(Map.of(ANN_POOL_SELECTION, v))));
        cr.setMetadata(meta);
        CiliumBGPAdvertisement.Entry e = new CiliumBGPAdvertisement.Entry();
        e.setAdvertisementType("Service");
        CiliumBGPAdvertisement.ServiceOptions so = new CiliumBGPAdvertisement.ServiceOptions();
        so.setAddresses(new ArrayList<>(List.of("LoadBalancerIP")));
        if (ad.aggregationLength() != 32) {
            so.setAggregationLengthIPv4(ad.aggregationLength());
        }
        if (ad.aggregationLengthV6() != 128) {
            so.setAggregationLengthIPv6(ad.aggregationLengthV6());
        }
        e.setService(so);
        e.setSelector(poolServiceSelector(ad, config));
        CiliumBGPAdvertisement.Communities cs = communities(ad.communities(), config.aliasMap());
        if (cs != null || ad.localPref().isPresent()) {
            CiliumBGPAdvertisement.Attributes at = new CiliumBGPAdvertisement.Attributes();
            at.setCommunities(cs);
            ad.localPref().ifPresent(at::setLocalPreference);
            e.setAttributes(at);
        }
        CiliumBGPAdvertisement.Spec spec = new CiliumBGPAdvertisement.Spec();
        spec.setAdvertisements(new ArrayList<>(List.of(e)));
        cr.setSpec(spec);
        return cr;
    }

    static CiliumBGPAdvertisement.Communities communities(List<Community> communities, Map<String, Community> aliases) {
        List<String> std = new ArrayList<>();
        List<String> wk = new ArrayList<>();
        List<String> large = new ArrayList<>();
        for (Community c : communities) {
            Community r = c instanceof Community.Alias a ? a.resolve(aliases).orElse(null) : c;
            if (r instanceof Community.Standard s) {
                std.add(s.text());
            } else if (r instanceof Community.WellKnown w) {
                wk.add(ciliumWellKnown(w.name()));
            } else if (r instanceof Community.Large l) {
                large.add(l.globalAdmin() + ":" + l.localData1() + ":" + l.localData2());
            }
        }
        if (std.isEmpty() && wk.isEmpty() && large.isEmpty()) {
            return null;
        }
        CiliumBGPAdvertisement.Communities out = new CiliumBGPAdvertisement.Communities();
        out.setStandard(std.isEmpty() ? null : std);
        out.setWellKnown(wk.isEmpty() ? null : wk);
        out.setLarge(large.isEmpty() ? null : large);
        return out;
    }

    /** Cilium names {@code 65535:0} {@code planned-shut}; the neutral model calls it {@code graceful-shutdown}. */
    static String ciliumWellKnown(String neutral) {
        return neutral.equals("graceful-shutdown") ? "planned-shut" : neutral;
    }

    /**
     * The Service selector that selects exactly the Services of the advertised pools: they carry
     * {@link CiliumNames#LABEL_POOL} (see {@link #serviceLabels}).
     */
    static io.fabric8.kubernetes.api.model.LabelSelector poolServiceSelector(Advertisement ad, ApplianceConfig config) {
        io.fabric8.kubernetes.api.model.LabelSelector sel = new io.fabric8.kubernetes.api.model.LabelSelector();
        if (ad.pools().isEmpty() && ad.poolSelectors().isEmpty()) {
            sel.setMatchExpressions(new ArrayList<>(List.of(Selectors.requirement(LABEL_POOL, "Exists", List.of()))));
            return sel;
        }
        List<String> names;
        if (ad.poolSelectors().isEmpty()) {
            names = List.copyOf(new LinkedHashSet<>(ad.pools()));
        } else {
            names = List.copyOf(new TreeSet<>(selectedPools(ad, config)));
        }
        if (names.isEmpty()) {
            // selects no pool: a selector no Service matches
            sel.setMatchExpressions(new ArrayList<>(List.of(Selectors.requirement(LABEL_POOL, "Exists", List.of()),
                    Selectors.requirement(LABEL_POOL, "DoesNotExist", List.of()))));
            return sel;
        }
        sel.setMatchExpressions(new ArrayList<>(List.of(Selectors.requirement(LABEL_POOL, "In", names))));
        return sel;
    }

    static List<String> selectedPools(Advertisement ad, ApplianceConfig config) {
        return config.pools().stream().filter(ad::selects).map(AddressPool::name).toList();
    }

    static Optional<String> poolSelectionAnnotation(Advertisement ad) {
        if (ad.poolSelectors().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pools", ad.pools());
        m.put("poolSelectors", ad.poolSelectors().stream().map(Selectors::toFabric8).toList());
        return Optional.of(JSON.asJson(m));
    }

    // ---------------------------------------------------------------- peers

    /** The settings of a peer that go to its CiliumBGPPeerConfig, plus the advertisements it receives. */
    record PeerSettings(int port, Optional<Duration> hold, Optional<Duration> keepalive, Optional<Duration> connect,
            Optional<String> secret, boolean gracefulRestart, boolean multihop, Set<String> advertisements) {
    }

    static PeerSettings settings(BgpPeer p, ApplianceConfig config) {
        Set<String> ads = new TreeSet<>();
        for (BgpAdvertisement ad : config.bgpAdvertisements()) {
            if (ad.peers().isEmpty() || ad.peers().contains(p.name())) {
                ads.add(ad.name());
            }
        }
        return new PeerSettings(p.port(), p.holdTime(), p.keepaliveTime(), p.connectTime(),
                p.passwordSecret().map(s -> s.name()), p.gracefulRestart(), p.ebgpMultiHop(), ads);
    }

    static List<BgpPeer> sortedPeers(ApplianceConfig config) {
        return config.peers().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    /** @return peer name to the name of the CiliumBGPPeerConfig it references */
    static Map<String, String> peerConfigNames(ApplianceConfig config) {
        Map<PeerSettings, String> byKey = new LinkedHashMap<>();
        Map<String, String> out = new TreeMap<>();
        for (BgpPeer p : sortedPeers(config)) {
            String name = byKey.computeIfAbsent(settings(p, config), k -> p.name());
            out.put(p.name(), name);
        }
        return out;
    }

    /** @return node selector text to cluster config name */
    static Map<String, String> clusterConfigNames(ApplianceConfig config) {
        Set<String> keys = new TreeSet<>();
        for (BgpPeer p : config.peers()) {
            keys.add(nodeKey(p));
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (String k : keys) {
            out.put(k, i == 0 ? "kubelb" : "kubelb-" + i);
            i++;
        }
        return out;
    }

    static String nodeKey(BgpPeer p) {
        return p.nodeSelectors().isEmpty() ? "" : "0:" + Selectors.text(p.nodeSelectors().get(0));
    }

    List<HasMetadata> renderPeers(ApplianceConfig config) {
        if (config.peers().isEmpty()) {
            return List.of();
        }
        List<BgpPeer> peers = sortedPeers(config);
        Map<String, String> pcNames = peerConfigNames(config);
        List<HasMetadata> out = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (BgpPeer p : peers) {
            String pc = pcNames.get(p.name());
            if (done.add(pc)) {
                out.add(renderPeerConfig(pc, settings(p, config)));
            }
        }
        Map<String, String> ccNames = clusterConfigNames(config);
        for (Map.Entry<String, String> cc : ccNames.entrySet()) {
            List<BgpPeer> members = peers.stream().filter(p -> nodeKey(p).equals(cc.getKey())).toList();
            CiliumBGPClusterConfig cr = new CiliumBGPClusterConfig();
            cr.setMetadata(meta(cc.getValue()));
            CiliumBGPClusterConfig.Spec spec = new CiliumBGPClusterConfig.Spec();
            if (!members.get(0).nodeSelectors().isEmpty()) {
                spec.setNodeSelector(Selectors.toFabric8(members.get(0).nodeSelectors().get(0)));
            }
            Map<Long, List<BgpPeer>> byAsn = members.stream().collect(Collectors.groupingBy(BgpPeer::myAsn,
                    TreeMap::new, Collectors.toList()));
            List<CiliumBGPClusterConfig.Instance> instances = new ArrayList<>();
            for (Map.Entry<Long, List<BgpPeer>> e : byAsn.entrySet()) {
                CiliumBGPClusterConfig.Instance in = new CiliumBGPClusterConfig.Instance();
                in.setName("instance-" + e.getKey());
                in.setLocalASN(e.getKey());
                List<CiliumBGPClusterConfig.Peer> ps = new ArrayList<>();
                for (BgpPeer p : e.getValue()) {
                    CiliumBGPClusterConfig.Peer cp = new CiliumBGPClusterConfig.Peer();
                    cp.setName(p.name());
                    cp.setPeerAddress(p.address().toString());
                    p.peerAsn().ifPresent(cp::setPeerASN);
                    cp.setPeerConfigRef(new CiliumBGPClusterConfig.PeerConfigRef(pcNames.get(p.name())));
                    ps.add(cp);
                }
                in.setPeers(ps);
                instances.add(in);
            }
            spec.setBgpInstances(instances);
            cr.setSpec(spec);
            out.add(cr);
        }
        return out;
    }

    static CiliumBGPPeerConfig renderPeerConfig(String name, PeerSettings s) {
        CiliumBGPPeerConfig cr = new CiliumBGPPeerConfig();
        cr.setMetadata(meta(name));
        CiliumBGPPeerConfig.Spec spec = new CiliumBGPPeerConfig.Spec();
        if (s.port() != 179) {
            CiliumBGPPeerConfig.Transport t = new CiliumBGPPeerConfig.Transport();
            t.setPeerPort(s.port());
            spec.setTransport(t);
        }
        if (s.hold().isPresent() || s.keepalive().isPresent() || s.connect().isPresent()) {
            CiliumBGPPeerConfig.Timers t = new CiliumBGPPeerConfig.Timers();
            s.connect().ifPresent(d -> t.setConnectRetryTimeSeconds((int) d.toSeconds()));
            s.hold().ifPresent(d -> t.setHoldTimeSeconds((int) d.toSeconds()));
            s.keepalive().ifPresent(d -> t.setKeepAliveTimeSeconds((int) d.toSeconds()));
            spec.setTimers(t);
        }
        s.secret().ifPresent(spec::setAuthSecretRef);
        if (s.gracefulRestart()) {
            CiliumBGPPeerConfig.GracefulRestart gr = new CiliumBGPPeerConfig.GracefulRestart();
            gr.setEnabled(true);
            spec.setGracefulRestart(gr);
        }
        if (s.multihop()) {
            spec.setEbgpMultihop(MULTIHOP_TTL);
        }
        if (!s.advertisements().isEmpty()) {
            List<CiliumBGPPeerConfig.Family> fams = new ArrayList<>();
            for (String afi : List.of("ipv4", "ipv6")) {
                CiliumBGPPeerConfig.Family f = new CiliumBGPPeerConfig.Family();
                f.setAfi(afi);
                f.setSafi("unicast");
                f.setAdvertisements(advertisementSelector(s.advertisements()));
                fams.add(f);
            }
            spec.setFamilies(fams);
        }
        cr.setSpec(spec);
        return cr;
    }

    /** The peer config's selector of the advertisements it receives: the labels {@link #renderAdvertisement} sets. */
    static io.fabric8.kubernetes.api.model.LabelSelector advertisementSelector(Set<String> names) {
        io.fabric8.kubernetes.api.model.LabelSelector sel = new io.fabric8.kubernetes.api.model.LabelSelector();
        sel.setMatchExpressions(new ArrayList<>(List.of(Selectors.requirement(LABEL_ADVERTISEMENT, "In",
                List.copyOf(new TreeSet<>(names))))));
        return sel;
    }

    // ---------------------------------------------------------------- L2

    HasMetadata renderL2(L2Advertisement l2, ApplianceConfig config) {
        CiliumL2AnnouncementPolicy cr = new CiliumL2AnnouncementPolicy();
        ObjectMeta meta = meta(l2.name());
        poolSelectionAnnotation(l2).ifPresent(v -> meta.setAnnotations(new LinkedHashMap<>(Map.of(ANN_POOL_SELECTION, v))));
        cr.setMetadata(meta);
        CiliumL2AnnouncementPolicy.Spec spec = new CiliumL2AnnouncementPolicy.Spec();
        spec.setServiceSelector(poolServiceSelector(l2, config));
        if (!l2.nodeSelectors().isEmpty()) {
            spec.setNodeSelector(Selectors.toFabric8(l2.nodeSelectors().get(0)));
        }
        if (!l2.interfaces().isEmpty()) {
            spec.setInterfaces(l2.interfaces().stream().map(CiliumRender::interfaceRegex).toList());
        }
        spec.setLoadBalancerIPs(true);
        cr.setSpec(spec);
        return cr;
    }

    static final java.util.regex.Pattern PLAIN_INTERFACE = java.util.regex.Pattern.compile("[A-Za-z0-9_@-]+");

    /** Cilium takes interface regular expressions: a plain name is anchored, a regex is kept. */
    static String interfaceRegex(String name) {
        return PLAIN_INTERFACE.matcher(name).matches() ? "^" + name + "$" : name;
    }

    // ---------------------------------------------------------------- services

    /** The labels a rendered Service carries: the request's, the tenant and the pool. */
    static Map<String, String> serviceLabels(LoadBalancerRequest request, Optional<String> pool) {
        Map<String, String> labels = new TreeMap<>(request.labels());
        // Cilium overwrites these with the Service's real namespace and name: a request's own are not passed on
        labels.remove(LABEL_SERVICE_NAMESPACE);
        labels.remove(LABEL_SERVICE_NAME);
        labels.put(LABEL_TENANT, request.id().tenant());
        pool.ifPresent(p -> labels.put(LABEL_POOL, p));
        return labels;
    }

    /** The {@code sharing-cross-namespace} value, if cross-tenant sharing is allowed. */
    static Optional<String> crossNamespace(LoadBalancerRequest request, Optional<AddressPool> pool) {
        if (pool.map(AddressPool::allowCrossTenantSharing).orElse(false) || request.sharingTenants().contains("*")) {
            return Optional.of("*");
        }
        if (request.sharingTenants().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(",", new TreeSet<>(request.sharingTenants())));
    }

    /** The load balancer class: BGP unless only L2 advertises the pool. */
    static String loadBalancerClass(Optional<AddressPool> pool, ApplianceConfig config) {
        if (pool.isEmpty()) {
            return CLASS_BGP;
        }
        boolean bgp = config.bgpAdvertisements().stream().anyMatch(a -> a.selects(pool.get()));
        boolean l2 = config.l2Advertisements().stream().anyMatch(a -> a.selects(pool.get()));
        return l2 && !bgp ? CLASS_L2 : CLASS_BGP;
    }

    static Service renderService(LoadBalancerRequest request, Optional<Allocation> allocation, ApplianceConfig config) {
        Optional<String> poolName = allocation.map(Allocation::pool).filter(p -> !p.isEmpty()).or(request::pool);
        Optional<AddressPool> pool = poolName.flatMap(config::pool);
        Service svc = new Service();
        svc.setApiVersion("v1");
        svc.setKind("Service");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(request.id().name());
        meta.setNamespace(request.id().tenant());
        meta.setLabels(new LinkedHashMap<>(serviceLabels(request, poolName)));
        Map<String, String> ann = new TreeMap<>();
        request.annotations().forEach((k, v) -> {
            if (!k.startsWith(ANN_PREFIX) && !k.startsWith(OLD_ANN_PREFIX)) {
                ann.put(k, v);
            }
        });
        allocation.ifPresent(a -> ann.put(ANN_IPS, a.addresses().stream().map(IpAddress::toString)
                .collect(Collectors.joining(","))));
        Optional<String> key = allocation.flatMap(Allocation::sharingKey).or(request::sharingKey);
        key.ifPresent(k -> {
            ann.put(ANN_SHARING_KEY, k);
            crossNamespace(request, pool).ifPresent(v -> ann.put(ANN_SHARING_CROSS_NAMESPACE, v));
        });
        meta.setAnnotations(new LinkedHashMap<>(ann));
        svc.setMetadata(meta);
        ServiceSpec spec = new ServiceSpec();
        spec.setType("LoadBalancer");
        // Cilium's datapath serves the address itself: a NodePort would never be used
        spec.setAllocateLoadBalancerNodePorts(false);
        spec.setLoadBalancerClass(loadBalancerClass(pool, config));
        List<ServicePort> ports = new ArrayList<>();
        for (PortSpec p : request.ports()) {
            ServicePort sp = new ServicePort();
            if (!p.name().isEmpty()) {
                sp.setName(p.name());
            }
            sp.setProtocol(p.protocol().name());
            sp.setPort(p.port());
            ports.add(sp);
        }
        spec.setPorts(ports);
        List<IpFamily> families;
        if (allocation.isPresent()) {
            List<IpFamily> have = allocation.get().addresses().stream().map(IpAddress::family).toList();
            families = request.effectiveFamilies().stream().filter(have::contains).toList();
            if (families.isEmpty()) {
                families = have;
            }
        } else {
            families = request.effectiveFamilies();
        }
        IpFamilyPolicy policy = families.size() > 1 ? request.ipFamilyPolicy() : IpFamilyPolicy.SINGLE_STACK;
        spec.setIpFamilyPolicy(policy.kubernetesName());
        spec.setIpFamilies(families.stream().map(IpFamily::kubernetesName).toList());
        spec.setExternalTrafficPolicy(request.trafficPolicy().kubernetesName());
        if (request.sessionAffinity()) {
            spec.setSessionAffinity("ClientIP");
        }
        svc.setSpec(spec);
        return svc;
    }

    static ObjectMeta meta(String name) {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        return m;
    }
}
