package dev.kubelb.provider.cilium;

import static dev.kubelb.provider.cilium.CiliumNames.*;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Advertisement;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.DynamicAsn;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.L2Advertisement;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.Problem;
import dev.kubelb.api.SecretRef;
import dev.kubelb.provider.cilium.model.CiliumBGPAdvertisement;
import dev.kubelb.provider.cilium.model.CiliumBGPClusterConfig;
import dev.kubelb.provider.cilium.model.CiliumBGPPeerConfig;
import dev.kubelb.provider.cilium.model.CiliumL2AnnouncementPolicy;
import dev.kubelb.provider.cilium.model.CiliumLoadBalancerIPPool;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Cilium objects to the neutral model. Collects every problem, then throws them together. */
final class CiliumImport {
    // Cilium's CRD defaults the timers (pkg/k8s/apis/cilium.io/v2/bgp_peer_types.go, +kubebuilder:default):
    // what a real server returns carries them although the user wrote none, so a value equal to the default
    // is read as "the appliance's default" (empty in the neutral model), which renders back to the same
    private static final int DEFAULT_HOLD_SECONDS = 90;
    private static final int DEFAULT_KEEPALIVE_SECONDS = 30;
    private static final int DEFAULT_CONNECT_RETRY_SECONDS = 120;

    private static Duration unlessDefault(Integer seconds, int ciliumDefault) {
        return seconds == null || seconds == ciliumDefault ? null : Duration.ofSeconds(seconds);
    }

    /** The ownership label kubelb's engine puts on the configuration objects it applies. */
    static final String OWNER_LABEL = "app.kubernetes.io/managed-by";

    private final List<Problem> problems = new ArrayList<>();
    /** What the neutral model does not express; the objects themselves are carried verbatim. */
    private final List<Problem> differences = new ArrayList<>();
    /** What Cilium does with the configuration that its author should hear about on every plan. */
    private final List<Problem> warnings = new ArrayList<>();

    static ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        return read(objects).config();
    }

    /**
     * @param objects Cilium objects (others are ignored)
     * @return the neutral configuration, the objects as they will be rendered back, and the differences
     * @throws ConfigurationException with every problem found: schema violations, then Cilium's own rules
     */
    static CiliumSource read(List<? extends HasMetadata> objects) {
        return new CiliumImport().run(objects);
    }

    private CiliumSource run(List<? extends HasMetadata> objects) {
        List<HasMetadata> kept = new ArrayList<>();
        Map<String, IpPoolSpec> poolSpecs = new TreeMap<>();
        Set<String> seen = new TreeSet<>();
        for (HasMetadata o : objects) {
            String av = o.getApiVersion();
            if (av == null || o.getKind() == null || !(av.equals(V2) || av.equals(V2ALPHA1))
                    || !CiliumSession.KINDS.contains(o.getKind())) {
                continue;
            }
            String obj = o.getKind() + "/" + name(o);
            if (!seen.add(obj)) {
                problems.add(Problem.of(obj, "metadata.name", "duplicate " + o.getKind() + " named '" + name(o) + "'"));
            }
            if (o.getKind().equals(PEERING_POLICY)) {
                problems.add(Problem.of(obj, "", "CiliumBGPPeeringPolicy (BGP v1) is removed in Cilium 1.19; convert it "
                        + "to CiliumBGPClusterConfig, CiliumBGPPeerConfig and CiliumBGPAdvertisement"));
                continue;
            }
            problems.addAll(CrdSchemas.check(o));
            kept.add(CiliumSource.sanitize(o));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        List<IpPoolSpecHolder> pools = new ArrayList<>();
        List<CiliumBGPAdvertisement> ads = new ArrayList<>();
        Map<String, CiliumBGPPeerConfig> peerConfigs = new TreeMap<>();
        List<CiliumBGPClusterConfig> clusterConfigs = new ArrayList<>();
        List<CiliumL2AnnouncementPolicy> l2s = new ArrayList<>();
        for (HasMetadata o : objects) {
            String av = o.getApiVersion();
            String kind = o.getKind();
            if (av == null || kind == null || !(av.equals(V2) || av.equals(V2ALPHA1))) {
                continue;
            }
            String obj = kind + "/" + name(o);
            switch (kind) {
                case POOL -> pools.add(new IpPoolSpecHolder(o, CiliumRender.JSON.convertValue(o,
                        CiliumLoadBalancerIPPool.class)));
                case ADVERTISEMENT -> ads.add(CiliumRender.JSON.convertValue(o, CiliumBGPAdvertisement.class));
                case PEER_CONFIG -> peerConfigs.put(name(o), CiliumRender.JSON.convertValue(o, CiliumBGPPeerConfig.class));
                case CLUSTER_CONFIG -> clusterConfigs.add(CiliumRender.JSON.convertValue(o, CiliumBGPClusterConfig.class));
                case L2_POLICY -> l2s.add(CiliumRender.JSON.convertValue(o, CiliumL2AnnouncementPolicy.class));
                case NODE_OVERRIDE -> differences.add(Problem.of(obj, "spec", "per-node BGP overrides (routerID, "
                        + "localAddress, localPort, sourceInterface) have no neutral form; kept as written"));
                default -> {
                    // not ours
                }
            }
        }
        ApplianceConfig.Builder b = ApplianceConfig.builder();
        List<AddressRange> taken = new ArrayList<>();
        Map<AddressRange, String> owners = new java.util.HashMap<>();
        for (IpPoolSpecHolder p : pools) {
            IpPoolSpec spec = p.typed.getSpec() == null ? new IpPoolSpec() : p.typed.getSpec();
            List<AddressRange> blocks = CiliumPools.blocks(spec);
            Optional<String> conflict = conflict(blocks, taken, owners);
            if (conflict.isPresent()) {
                // Cilium marks such a pool conflicting and hands out none of its addresses (lbipam.go settleConflicts:
                // the older pool, here the earlier one, wins); kubelb keeps it as written and leaves it out
                Problem pr = Problem.of(POOL + "/" + name(p.typed), "spec.blocks", conflict.get() + "; Cilium "
                        + "disables this pool (cilium.io/PoolConflict) and gives out none of its addresses");
                warnings.add(pr);
                differences.add(pr);
                continue;
            }
            pool(p).ifPresent(b::pool);
            blocks.forEach(r -> owners.put(r, name(p.typed)));
            taken.addAll(blocks);
            poolSpecs.put(name(p.typed), spec);
        }
        clusterConfigs.sort(Comparator.comparing(CiliumImport::name));
        List<ImportedPeer> peers = peers(clusterConfigs, peerConfigs, ads);
        peers.sort(Comparator.comparing(p -> p.peer.name()));
        Set<String> allPeers = new TreeSet<>();
        peers.forEach(p -> allPeers.add(p.peer.name()));
        for (CiliumBGPAdvertisement ad : ads) {
            advertisement(ad, peers, allPeers).forEach(b::advertisement);
        }
        for (CiliumL2AnnouncementPolicy l2 : l2s) {
            l2(l2).ifPresent(b::advertisement);
        }
        peers.forEach(p -> b.peer(p.peer));
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new CiliumSource(b.build(), kept, poolSpecs, differences, warnings);
    }

    /** Why Cilium marks a pool with these blocks conflicting: its own blocks overlap, or an earlier pool's do. */
    private static Optional<String> conflict(List<AddressRange> blocks, List<AddressRange> taken,
            Map<AddressRange, String> owners) {
        for (int i = 0; i < blocks.size(); i++) {
            for (int j = i + 1; j < blocks.size(); j++) {
                if (blocks.get(i).overlaps(blocks.get(j))) {
                    return Optional.of("blocks " + blocks.get(i) + " and " + blocks.get(j) + " overlap");
                }
            }
            for (AddressRange t : taken) {
                if (blocks.get(i).overlaps(t)) {
                    return Optional.of("block " + blocks.get(i) + " overlaps " + t + " of " + POOL + "/" + owners.get(t));
                }
            }
        }
        return Optional.empty();
    }

    private record IpPoolSpecHolder(HasMetadata original, CiliumLoadBalancerIPPool typed) {
    }

    private record ImportedPeer(BgpPeer peer, Set<String> advertisements) {
    }

    static String name(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getName() == null ? "" : o.getMetadata().getName();
    }

    private static Map<String, String> labels(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getAnnotations() == null ? Map.of()
                : o.getMetadata().getAnnotations();
    }

    // ---------------------------------------------------------------- pools

    private Optional<AddressPool> pool(IpPoolSpecHolder h) {
        CiliumLoadBalancerIPPool cr = h.typed;
        String obj = POOL + "/" + name(cr);
        int before = problems.size();
        IpPoolSpec spec = cr.getSpec() == null ? new IpPoolSpec() : cr.getSpec();
        Map<String, String> ann = annotations(cr);
        AddressPool.Builder pb;
        try {
            pb = AddressPool.builder(name(cr));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, "metadata.name").problems());
            return Optional.empty();
        }
        List<IpPoolSpec.Block> blocks = spec.getBlocks() == null ? List.of() : spec.getBlocks();
        if (blocks.isEmpty()) {
            problems.add(Problem.of(obj, "spec.blocks", "a pool needs at least one block"));
        }
        String fl = spec.getAllowFirstLastIPs();
        boolean noFirstLast = "No".equals(fl);
        for (int i = 0; i < blocks.size(); i++) {
            String f = "spec.blocks[" + i + "]";
            try {
                AddressRange r = CiliumPools.block(blocks.get(i));
                if (noFirstLast && r.isCidr() && r.prefixLength() < r.family().bits() - 1) {
                    // Cilium reserves the first and last address of such a CIDR (lbipam.go handleNewPool):
                    // the neutral pool offers what is left
                    IpAddress last = IpAddress.fromBigInteger(r.family(), r.last().toBigInteger().subtract(
                            java.math.BigInteger.ONE));
                    pb.range(AddressRange.parse(r.first().plus(1) + "-" + last));
                    differences.add(Problem.of(obj, f, "allowFirstLastIPs: No: the neutral pool offers " + r.first()
                            .plus(1) + "-" + last + " of " + r));
                } else {
                    pb.range(r);
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(obj, f).problems());
            }
        }
        if (Boolean.TRUE.equals(spec.getDisabled())) {
            // Cilium hands out no new address of a disabled pool and keeps those already given
            // (lbipam.go allocateIPAddress/findRangeOfIP skip disabled ranges; stripInvalidAllocations keeps them)
            differences.add(Problem.of(obj, "spec.disabled", "a disabled pool has no neutral form: the neutral pool is "
                    + "not auto-assigned, and Cilium refuses new pins in it"));
        }
        pb.avoidBuggyIps("true".equals(ann.get(ANN_AVOID_BUGGY_IPS)));
        pb.autoAssign(!"false".equals(ann.get(ANN_AUTO_ASSIGN)) && !Boolean.TRUE.equals(spec.getDisabled()));
        pb.allowCrossTenantSharing("true".equals(ann.get(ANN_CROSS_TENANT)));
        labels(cr).forEach((k, v) -> {
            // the engine's ownership label on objects it applies is not a pool label
            if (!(k.equals(OWNER_LABEL) && v.equals("kubelb"))) {
                pb.label(k, v);
            }
        });
        Optional<Integer> priority = Optional.empty();
        if (ann.containsKey(ANN_PRIORITY)) {
            try {
                priority = Optional.of(Integer.parseInt(ann.get(ANN_PRIORITY)));
            } catch (NumberFormatException e) {
                problems.add(Problem.of(obj, "metadata.annotations[" + ANN_PRIORITY + "]", "'" + ann.get(ANN_PRIORITY)
                        + "' is not a number"));
            }
        }
        try {
            List<String> tenants = new ArrayList<>();
            LabelSelector rest = LabelSelector.ALL;
            if (!Selectors.isEmpty(spec.getServiceSelector())) {
                io.fabric8.kubernetes.api.model.LabelSelector s = spec.getServiceSelector();
                List<LabelSelectorRequirement> others = new ArrayList<>();
                Map<String, String> ml = new TreeMap<>(s.getMatchLabels() == null ? Map.of() : s.getMatchLabels());
                // the Service's real namespace (Cilium sets io.kubernetes.service.namespace itself): a tenant
                String ns = ml.remove(LABEL_SERVICE_NAMESPACE);
                if (ns != null) {
                    tenants.add(ns);
                }
                if (s.getMatchExpressions() != null) {
                    for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                        boolean tenantKey = LABEL_TENANT.equals(r.getKey()) || LABEL_SERVICE_NAMESPACE.equals(r.getKey());
                        if (tenants.isEmpty() && tenantKey && "In".equals(r.getOperator())
                                && r.getValues() != null && !r.getValues().isEmpty()) {
                            tenants.addAll(r.getValues());
                        } else {
                            others.add(r);
                        }
                    }
                }
                io.fabric8.kubernetes.api.model.LabelSelector o = new io.fabric8.kubernetes.api.model.LabelSelector();
                o.setMatchLabels(ml.isEmpty() ? null : ml);
                o.setMatchExpressions(others);
                rest = Selectors.fromFabric8(o);
            }
            if (priority.isPresent() || !tenants.isEmpty() || !rest.isEmpty()) {
                pb.scope(new PoolScope(priority, tenants, List.of(), rest.isEmpty() ? List.of() : List.of(rest)));
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, "spec.serviceSelector").problems());
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(pb.build());
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, "spec").problems());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- pool selection (advertisements, L2)

    private record PoolSelection(List<String> pools, List<LabelSelector> poolSelectors) {
    }

    @SuppressWarnings("unchecked")
    private Optional<PoolSelection> poolSelection(HasMetadata o, io.fabric8.kubernetes.api.model.LabelSelector sel,
            String obj, String field) {
        String ann = annotations(o).get(ANN_POOL_SELECTION);
        if (ann != null) {
            try {
                Map<String, Object> m = CiliumRender.JSON.unmarshal(ann, Map.class);
                List<String> pools = (List<String>) m.getOrDefault("pools", List.of());
                List<LabelSelector> selectors = new ArrayList<>();
                for (Object s : (List<Object>) m.getOrDefault("poolSelectors", List.of())) {
                    selectors.add(Selectors.fromFabric8(CiliumRender.JSON.convertValue(s,
                            io.fabric8.kubernetes.api.model.LabelSelector.class)));
                }
                return Optional.of(new PoolSelection(pools, selectors));
            } catch (RuntimeException e) {
                problems.add(Problem.of(obj, "metadata.annotations[" + ANN_POOL_SELECTION + "]",
                        "not a valid pool selection: " + e.getMessage()));
                return Optional.empty();
            }
        }
        if (sel == null) {
            differences.add(Problem.of(obj, field, "no selector: Cilium selects no Service; no neutral advertisement"));
            return Optional.empty();
        }
        Map<String, String> ml = sel.getMatchLabels() == null ? Map.of() : sel.getMatchLabels();
        List<LabelSelectorRequirement> me = sel.getMatchExpressions() == null ? List.of() : sel.getMatchExpressions();
        if (ml.isEmpty() && me.size() == 1 && LABEL_POOL.equals(me.get(0).getKey())) {
            LabelSelectorRequirement r = me.get(0);
            if ("In".equals(r.getOperator()) && r.getValues() != null && !r.getValues().isEmpty()) {
                return Optional.of(new PoolSelection(List.copyOf(r.getValues()), List.of()));
            }
            if ("Exists".equals(r.getOperator())) {
                return Optional.of(new PoolSelection(List.of(), List.of()));
            }
        }
        if (me.isEmpty() && ml.size() == 1 && ml.containsKey(LABEL_POOL)) {
            return Optional.of(new PoolSelection(List.of(ml.get(LABEL_POOL)), List.of()));
        }
        // a selector on the Services' own labels (e.g. Cilium's documented "announce all": NotIn a value no
        // Service has): kept as written; the neutral model, which selects pools, approximates it by every pool
        differences.add(Problem.of(obj, field, "selects Services by their labels; the neutral advertisement "
                + "approximates it by every pool"));
        return Optional.of(new PoolSelection(List.of(), List.of()));
    }

    // ---------------------------------------------------------------- BGP

    private List<ImportedPeer> peers(List<CiliumBGPClusterConfig> ccs, Map<String, CiliumBGPPeerConfig> pcs,
            List<CiliumBGPAdvertisement> ads) {
        List<ImportedPeer> out = new ArrayList<>();
        for (CiliumBGPClusterConfig cc : ccs) {
            String obj = CLUSTER_CONFIG + "/" + name(cc);
            CiliumBGPClusterConfig.Spec spec = cc.getSpec();
            if (spec == null || spec.getBgpInstances() == null || spec.getBgpInstances().isEmpty()) {
                problems.add(Problem.of(obj, "spec.bgpInstances", "at least one BGP instance is required"));
                continue;
            }
            Optional<LabelSelector> nodes = Optional.empty();
            try {
                if (!Selectors.isEmpty(spec.getNodeSelector())) {
                    nodes = Optional.of(Selectors.fromFabric8(spec.getNodeSelector()));
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.locate(obj, "spec.nodeSelector").problems());
            }
            for (int i = 0; i < spec.getBgpInstances().size(); i++) {
                CiliumBGPClusterConfig.Instance in = spec.getBgpInstances().get(i);
                String f = "spec.bgpInstances[" + i + "]";
                if (in.getLocalASN() == null) {
                    problems.add(Problem.of(obj, f + ".localASN", "required: kubelb needs the local AS number"));
                    continue;
                }
                List<CiliumBGPClusterConfig.Peer> ps = in.getPeers() == null ? List.of() : in.getPeers();
                for (int j = 0; j < ps.size(); j++) {
                    peer(obj, f + ".peers[" + j + "]", in.getLocalASN(), ps.get(j), nodes, pcs, ads).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private Optional<ImportedPeer> peer(String obj, String f, long localAsn, CiliumBGPClusterConfig.Peer p,
            Optional<LabelSelector> nodes, Map<String, CiliumBGPPeerConfig> pcs, List<CiliumBGPAdvertisement> ads) {
        int before = problems.size();
        String addr = p.getPeerAddress();
        if (addr == null || addr.isBlank()) {
            differences.add(Problem.of(obj, f + ".peerAddress", "an auto-discovered peer has no neutral form (kept as "
                    + "written, left out of advertisement previews and migrations)"));
            return Optional.empty();
        }
        if (addr.contains("/")) {
            problems.add(Problem.of(obj, f + ".peerAddress", "'" + addr + "' must be an address without a prefix "
                    + "length (Cilium rejects " + addr.substring(addr.indexOf('/')) + ")"));
            return Optional.empty();
        }
        if (!IpAddress.isValid(addr.trim())) {
            problems.add(Problem.of(obj, f + ".peerAddress", "'" + addr + "' is not a valid IP address"));
            return Optional.empty();
        }
        String name = p.getName() == null ? "" : p.getName();
        BgpPeer.Builder b = BgpPeer.builder(name, localAsn, addr.trim());
        if (p.getPeerASN() == null || p.getPeerASN() == 0) {
            b.dynamicAsn(DynamicAsn.EXTERNAL);
        } else {
            b.peerAsn(p.getPeerASN());
        }
        nodes.ifPresent(b::nodeSelector);
        Set<String> received = new TreeSet<>();
        if (p.getPeerConfigRef() != null && p.getPeerConfigRef().getName() != null) {
            String ref = p.getPeerConfigRef().getName();
            CiliumBGPPeerConfig pc = pcs.get(ref);
            if (pc == null) {
                problems.add(Problem.of(obj, f + ".peerConfigRef.name", "CiliumBGPPeerConfig/" + ref
                        + " is not among the objects"));
                return Optional.empty();
            }
            String pobj = PEER_CONFIG + "/" + ref;
            CiliumBGPPeerConfig.Spec s = pc.getSpec() == null ? new CiliumBGPPeerConfig.Spec() : pc.getSpec();
            if (s.getTransport() != null && s.getTransport().getPeerPort() != null) {
                b.port(s.getTransport().getPeerPort());
            }
            if (s.getTransport() != null && s.getTransport().getLocalPort() != null) {
                differences.add(Problem.of(pobj, "spec.transport", "localPort has no neutral form; kept as written"));
            }
            if (s.getTimers() != null) {
                CiliumBGPPeerConfig.Timers t = s.getTimers();
                int hold = t.getHoldTimeSeconds() == null ? 90 : t.getHoldTimeSeconds();
                int keep = t.getKeepAliveTimeSeconds() == null ? 30 : t.getKeepAliveTimeSeconds();
                if (keep > hold) {
                    problems.add(Problem.of(pobj, "spec.timers.keepAliveTimeSeconds", "keepAliveTimeSeconds " + keep
                            + " exceeds holdTimeSeconds " + hold));
                } else {
                    b.timers(unlessDefault(t.getHoldTimeSeconds(), DEFAULT_HOLD_SECONDS),
                            unlessDefault(t.getKeepAliveTimeSeconds(), DEFAULT_KEEPALIVE_SECONDS));
                }
                b.connectTime(unlessDefault(t.getConnectRetryTimeSeconds(), DEFAULT_CONNECT_RETRY_SECONDS));
            }
            if (s.getAuthSecretRef() != null) {
                try {
                    b.passwordSecret(new SecretRef("", s.getAuthSecretRef(), "password"));
                } catch (ConfigurationException e) {
                    problems.addAll(e.locate(pobj, "spec.authSecretRef").problems());
                }
            }
            if (s.getGracefulRestart() != null && Boolean.TRUE.equals(s.getGracefulRestart().getEnabled())) {
                b.gracefulRestart(true);
            }
            if (s.getEbgpMultihop() != null && s.getEbgpMultihop() > 1) {
                b.ebgpMultiHop(true);
            }
            if (s.getFamilies() != null) {
                for (int k = 0; k < s.getFamilies().size(); k++) {
                    io.fabric8.kubernetes.api.model.LabelSelector sel = s.getFamilies().get(k).getAdvertisements();
                    if (sel == null) {
                        continue;
                    }
                    LabelSelector ns;
                    try {
                        ns = Selectors.fromFabric8(sel);
                    } catch (ConfigurationException e) {
                        problems.addAll(e.locate(pobj, "spec.families[" + k + "].advertisements").problems());
                        continue;
                    }
                    for (CiliumBGPAdvertisement ad : ads) {
                        if (ns.matches(labels(ad))) {
                            received.add(name(ad));
                        }
                    }
                }
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ImportedPeer(b.build(), received));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, f).problems());
            return Optional.empty();
        }
    }

    private List<Advertisement> advertisement(CiliumBGPAdvertisement ad, List<ImportedPeer> peers, Set<String> allPeers) {
        String obj = ADVERTISEMENT + "/" + name(ad);
        List<CiliumBGPAdvertisement.Entry> entries = ad.getSpec() == null || ad.getSpec().getAdvertisements() == null
                ? List.of() : ad.getSpec().getAdvertisements();
        Set<String> receivers = new TreeSet<>();
        for (ImportedPeer p : peers) {
            if (p.advertisements.contains(name(ad))) {
                receivers.add(p.peer.name());
            }
        }
        if (receivers.isEmpty() && !allPeers.isEmpty()) {
            differences.add(Problem.of(obj, "metadata.labels", "no CiliumBGPPeerConfig families[].advertisements "
                    + "selector matches these labels, so Cilium announces it to no peer"));
            return List.of();
        }
        List<Advertisement> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = out.isEmpty() ? name(ad) : name(ad) + "-" + i;
            entry(ad, obj, "spec.advertisements[" + i + "]", entries.get(i), name, receivers, allPeers)
                    .ifPresent(out::add);
        }
        return out;
    }

    private Optional<Advertisement> entry(CiliumBGPAdvertisement ad, String obj, String f,
            CiliumBGPAdvertisement.Entry e, String name, Set<String> receivers, Set<String> allPeers) {
        if (!"Service".equals(e.getAdvertisementType())) {
            differences.add(Problem.of(obj, f + ".advertisementType", "'" + e.getAdvertisementType()
                    + "' routes have no neutral form (kubelb models Service load balancer addresses); kept as written"));
            return Optional.empty();
        }
        if (e.getService() == null || e.getService().getAddresses() == null
                || !e.getService().getAddresses().contains("LoadBalancerIP")) {
            differences.add(Problem.of(obj, f + ".service.addresses", "announces no LoadBalancerIP; kept as written"));
            return Optional.empty();
        }
        if (e.getService().getAddresses().size() > 1) {
            differences.add(Problem.of(obj, f + ".service.addresses", "ClusterIP/ExternalIP announcements have no "
                    + "neutral form; kept as written"));
        }
        Optional<PoolSelection> sel = poolSelection(ad, e.getSelector(), obj, f + ".selector");
        if (sel.isEmpty()) {
            return Optional.empty();
        }
        BgpAdvertisement.Builder b = BgpAdvertisement.builder(name);
        b.pools(sel.get().pools.toArray(String[]::new));
        sel.get().poolSelectors.forEach(b::poolSelector);
        Integer v4 = e.getService().getAggregationLengthIPv4();
        Integer v6 = e.getService().getAggregationLengthIPv6();
        b.aggregation(v4 == null ? 32 : v4, v6 == null ? 128 : v6);
        if (e.getAttributes() != null) {
            if (e.getAttributes().getLocalPreference() != null) {
                b.localPref(e.getAttributes().getLocalPreference());
            }
            CiliumBGPAdvertisement.Communities c = e.getAttributes().getCommunities();
            if (c != null) {
                List<Community> out = new ArrayList<>();
                String cf = f + ".attributes.communities";
                list(c.getStandard()).forEach(v -> community(obj, cf + ".standard", v, false).ifPresent(out::add));
                list(c.getWellKnown()).forEach(v -> wellKnown(obj, cf + ".wellKnown", v).ifPresent(out::add));
                list(c.getLarge()).forEach(v -> community(obj, cf + ".large", v, true).ifPresent(out::add));
                out.forEach(x -> b.communities(x.text()));
            }
        }
        if (!receivers.equals(allPeers)) {
            b.peers(receivers.toArray(String[]::new));
        }
        try {
            return Optional.of(b.build());
        } catch (ConfigurationException ex) {
            problems.addAll(ex.locate(obj, f).problems());
            return Optional.empty();
        }
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    private Optional<Community> community(String obj, String field, String v, boolean large) {
        try {
            if (large) {
                return Optional.of(Community.parse("large:" + v));
            }
            if (!v.contains(":") && !v.isEmpty() && v.chars().allMatch(Character::isDigit) && v.length() <= 10) {
                long n = Long.parseLong(v);
                if (n <= 0xFFFFFFFFL) {
                    return Optional.of(new Community.Standard((int) (n >>> 16), (int) (n & 0xFFFF)));
                }
            }
            Community c = Community.parse(v);
            if (!(c instanceof Community.Standard)) {
                problems.add(Problem.of(obj, field, "'" + v + "' is not a standard community"));
                return Optional.empty();
            }
            return Optional.of(c);
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, field).problems());
            return Optional.empty();
        }
    }

    private static final Map<String, Integer> ROUTE_FILTER = Map.of("route-filter-translated-v4", 2, "route-filter-v4", 3,
            "route-filter-translated-v6", 4, "route-filter-v6", 5);

    private Optional<Community> wellKnown(String obj, String field, String v) {
        if (v.equals("planned-shut")) {
            return Optional.of(new Community.WellKnown("graceful-shutdown"));
        }
        if (ROUTE_FILTER.containsKey(v)) {
            return Optional.of(new Community.Standard(65535, ROUTE_FILTER.get(v)));
        }
        if (Community.WELL_KNOWN.containsKey(v) && !v.equals("graceful-shutdown")) {
            return Optional.of(new Community.WellKnown(v));
        }
        problems.add(Problem.of(obj, field, "'" + v + "' is not a well-known community Cilium knows"));
        return Optional.empty();
    }

    // ---------------------------------------------------------------- L2

    private Optional<Advertisement> l2(CiliumL2AnnouncementPolicy p) {
        String obj = L2_POLICY + "/" + name(p);
        CiliumL2AnnouncementPolicy.Spec s = p.getSpec() == null ? new CiliumL2AnnouncementPolicy.Spec() : p.getSpec();
        if (!Boolean.TRUE.equals(s.getLoadBalancerIPs())) {
            differences.add(Problem.of(obj, "spec.loadBalancerIPs", "announces no load balancer address (externalIPs "
                    + "only) and has no neutral form; kept as written"));
            return Optional.empty();
        }
        Optional<PoolSelection> sel = poolSelection(p, s.getServiceSelector(), obj, "spec.serviceSelector");
        if (sel.isEmpty()) {
            return Optional.empty();
        }
        List<LabelSelector> nodes = new ArrayList<>();
        try {
            if (!Selectors.isEmpty(s.getNodeSelector())) {
                nodes.add(Selectors.fromFabric8(s.getNodeSelector()));
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, "spec.nodeSelector").problems());
            return Optional.empty();
        }
        List<String> ifs = list(s.getInterfaces()).stream().map(CiliumImport::interfaceName).toList();
        try {
            return Optional.of(new L2Advertisement(name(p), sel.get().pools, sel.get().poolSelectors, nodes, ifs));
        } catch (ConfigurationException e) {
            problems.addAll(e.locate(obj, "spec").problems());
            return Optional.empty();
        }
    }

    /** Inverse of {@link CiliumRender#interfaceRegex}: {@code ^eth0$} is the interface eth0. */
    static String interfaceName(String regex) {
        if (regex.length() > 2 && regex.startsWith("^") && regex.endsWith("$")) {
            String inner = regex.substring(1, regex.length() - 1);
            if (CiliumRender.PLAIN_INTERFACE.matcher(inner).matches()) {
                return inner;
            }
        }
        return regex;
    }
}
