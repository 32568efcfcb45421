package dev.kubelb.provider.metallb;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BfdProfile;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.CommunityAlias;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.DynamicAsn;
import dev.kubelb.api.IpAddress;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.LabelSelector;
import dev.kubelb.api.Password;
import dev.kubelb.api.PoolScope;
import dev.kubelb.api.PreferredNodeSelector;
import dev.kubelb.api.Problem;
import dev.kubelb.api.SecretRef;
import dev.kubelb.provider.metallb.model.BFDProfile;
import dev.kubelb.provider.metallb.model.BFDProfileSpec;
import dev.kubelb.provider.metallb.model.BGPAdvertisement;
import dev.kubelb.provider.metallb.model.BGPAdvertisementSpec;
import dev.kubelb.provider.metallb.model.BGPPeer;
import dev.kubelb.provider.metallb.model.BGPPeerSpec;
import dev.kubelb.provider.metallb.model.Community;
import dev.kubelb.provider.metallb.model.CommunityEntry;
import dev.kubelb.provider.metallb.model.IPAddressPool;
import dev.kubelb.provider.metallb.model.IPAddressPoolSpec;
import dev.kubelb.provider.metallb.model.L2Advertisement;
import dev.kubelb.provider.metallb.model.L2AdvertisementSpec;
import dev.kubelb.provider.metallb.model.MetalLbKinds;
import dev.kubelb.provider.metallb.model.PreferredNode;
import dev.kubelb.provider.metallb.model.ServiceAllocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads MetalLB objects (typed or generic) into the neutral model, collecting every problem that
 * makes a value impossible to represent (syntax, ranges, exclusive fields). Cross-object rules are
 * {@link ConfigValidator}'s.
 */
final class ConfigImporter {
    /** Annotation kubelb puts on an {@code IPAddressPool} whose tenants may share addresses. */
    static final String CROSS_TENANT_SHARING = "kubelb.dev/allow-cross-tenant-sharing";
    private static final long MAX_ASN = 4294967295L;

    private final KubernetesSerialization serialization;
    private final String defaultCommunityName;

    /**
     * @param serialization reads generic objects into typed ones
     * @param defaultCommunityName the name of the {@code Community} object aliases render into when
     *     they name none; aliases read from an object of that name get no explicit group
     */
    ConfigImporter(KubernetesSerialization serialization, String defaultCommunityName) {
        this.serialization = serialization;
        this.defaultCommunityName = defaultCommunityName;
    }

    static boolean recognizes(HasMetadata o) {
        if (o == null) {
            return false;
        }
        return MetalLbKinds.typeOf(o.getApiVersion(), o.getKind()).isPresent() || PeerPasswords.recognizes(o)
                || (MetalLbKinds.V1BETA1.equals(o.getApiVersion()) && "BGPPeer".equals(o.getKind()));
    }

    ApplianceConfig importConfig(List<? extends HasMetadata> objects) {
        List<Problem> problems = new ArrayList<>();
        Map<String, AddressPool> pools = new TreeMap<>();
        Map<String, BgpAdvertisement> bgpAds = new TreeMap<>();
        Map<String, dev.kubelb.api.L2Advertisement> l2Ads = new TreeMap<>();
        Map<String, BgpPeer> peers = new TreeMap<>();
        Map<String, BfdProfile> bfds = new TreeMap<>();
        Map<String, CommunityAlias> aliases = new TreeMap<>();
        Map<String, String> aliasOwner = new HashMap<>();
        Map<String, String> seenNames = new HashMap<>();
        List<HasMetadata> sorted = new ArrayList<>();
        Map<String, Password> inlinePasswords = PeerPasswords.read(objects);
        Map<String, HasMetadata> userSecrets = PeerPasswords.userSecrets(objects);
        for (HasMetadata o : objects) {
            if (recognizes(o) && !PeerPasswords.recognizes(o)) {
                sorted.add(o);
            }
        }
        // communities are read first so that their owners are known in a stable order
        sorted.sort(Comparator.comparing((HasMetadata o) -> o.getKind()).thenComparing(ConfigImporter::nameOf));
        for (HasMetadata raw : sorted) {
            String name = nameOf(raw);
            String object = raw.getKind() + "/" + name;
            if (MetalLbKinds.V1BETA1.equals(raw.getApiVersion()) && "BGPPeer".equals(raw.getKind())) {
                problems.add(Problem.of(object, "apiVersion",
                        "metallb.io/v1beta1 BGPPeer is not supported: write it as metallb.io/v1beta2"));
                continue;
            }
            if (name.isEmpty()) {
                problems.add(Problem.of(raw.getKind() + "/", "metadata.name", "missing name"));
                continue;
            }
            if (seenNames.put(raw.getKind() + "/" + name, object) != null) {
                problems.add(Problem.of(object, "metadata.name", "duplicate " + raw.getKind() + " named '" + name + "'"));
                continue;
            }
            HasMetadata typed;
            try {
                List<Problem> unknown = unknownFields(raw, object);
                if (!unknown.isEmpty()) {
                    problems.addAll(unknown);
                    continue;
                }
                typed = toTyped(raw);
            } catch (RuntimeException e) {
                problems.add(Problem.of(object, "spec", "cannot be read: " + e.getMessage()));
                continue;
            }
            List<Problem> local = new ArrayList<>();
            try {
                if (typed instanceof IPAddressPool p) {
                    AddressPool v = pool(p, object, local);
                    if (v != null && local.isEmpty()) {
                        pools.put(name, v);
                    }
                } else if (typed instanceof BGPAdvertisement a) {
                    BgpAdvertisement v = bgpAdvertisement(a, object, local);
                    if (v != null && local.isEmpty()) {
                        bgpAds.put(name, v);
                    }
                } else if (typed instanceof L2Advertisement a) {
                    dev.kubelb.api.L2Advertisement v = l2Advertisement(a, object, local);
                    if (v != null && local.isEmpty()) {
                        l2Ads.put(name, v);
                    }
                } else if (typed instanceof BGPPeer p) {
                    BgpPeer v = peer(p, object, local, inlinePasswords, userSecrets);
                    if (v != null && local.isEmpty()) {
                        peers.put(name, v);
                    }
                } else if (typed instanceof BFDProfile b) {
                    BfdProfile v = bfd(b, object, local);
                    if (v != null && local.isEmpty()) {
                        bfds.put(name, v);
                    }
                } else if (typed instanceof Community c) {
                    Optional<String> group = name.equals(defaultCommunityName) ? Optional.empty() : Optional.of(name);
                    communities(c, group, object, local, aliases, aliasOwner);
                }
            } catch (ConfigurationException e) {
                e.locate(object, "").problems().forEach(local::add);
            }
            problems.addAll(local);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        List<dev.kubelb.api.Advertisement> ads = new ArrayList<>(bgpAds.values());
        ads.addAll(l2Ads.values());
        return new ApplianceConfig(List.copyOf(pools.values()), ads, List.copyOf(peers.values()),
                List.copyOf(aliases.values()), List.copyOf(bfds.values()));
    }

    private static String nameOf(HasMetadata o) {
        return o.getMetadata() == null || o.getMetadata().getName() == null ? "" : o.getMetadata().getName();
    }

    /** An object given as generic YAML may carry only the fields MetalLB's CRD declares. */
    private List<Problem> unknownFields(HasMetadata raw, String object) {
        Class<? extends HasMetadata> type = MetalLbKinds.typeOf(raw.getApiVersion(), raw.getKind()).orElseThrow();
        if (type.isInstance(raw)) {
            return List.of();
        }
        List<Problem> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = serialization.convertValue(raw, Map.class);
        for (String key : tree.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                out.add(Problem.of(object, key, "unknown field (expected apiVersion, kind, metadata, spec, status)"));
            }
        }
        java.lang.reflect.Type spec = ((java.lang.reflect.ParameterizedType) type.getGenericSuperclass())
                .getActualTypeArguments()[0];
        if (tree.get("spec") != null) {
            KnownFields.check(tree.get("spec"), spec, object, "spec", out);
        }
        return out;
    }

    private static final java.util.Set<String> TOP_LEVEL = java.util.Set.of("apiVersion", "kind", "metadata", "spec",
            "status");

    private HasMetadata toTyped(HasMetadata raw) {
        Class<? extends HasMetadata> type = MetalLbKinds.typeOf(raw.getApiVersion(), raw.getKind()).orElseThrow();
        if (type.isInstance(raw)) {
            return raw;
        }
        return serialization.convertValue(raw, type);
    }

    // ---------------------------------------------------------------- IPAddressPool

    private AddressPool pool(IPAddressPool p, String object, List<Problem> problems) {
        IPAddressPoolSpec spec = p.getSpec();
        if (spec == null || spec.addresses() == null || spec.addresses().isEmpty()) {
            problems.add(Problem.of(object, "spec.addresses", "pool has no addresses"));
            return null;
        }
        List<AddressRange> ranges = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < spec.addresses().size(); i++) {
            String text = spec.addresses().get(i);
            String field = "spec.addresses[" + i + "]";
            if (text == null) {
                problems.add(Problem.of(object, field, "must not be null"));
                continue;
            }
            AddressRange r;
            try {
                r = AddressRange.parseMasked(text); // MetalLB masks host bits (config.go ParseCIDR)
            } catch (ConfigurationException e) {
                problems.add(Problem.of(object, field, e.problems().get(0).message()));
                continue;
            }
            for (int j = 0; j < ranges.size(); j++) {
                if (ranges.get(j).overlaps(r)) {
                    problems.add(Problem.of(object, field, "'" + text + "' overlaps '" + ranges.get(j).text()
                            + "' (spec.addresses[" + indexes.get(j) + "])"));
                }
            }
            ranges.add(r);
            indexes.add(i);
        }
        Optional<PoolScope> scope = Optional.empty();
        ServiceAllocation sa = spec.serviceAllocation();
        if (sa != null) {
            String base = "spec.serviceAllocation.";
            Optional<Integer> priority = Optional.empty();
            if (sa.priority() != null) {
                if (sa.priority() < 0) {
                    problems.add(Problem.of(object, base + "priority", "must not be negative, got " + sa.priority()));
                } else if (sa.priority() > 0) {
                    priority = Optional.of(sa.priority());
                }
            }
            List<String> namespaces = sa.namespaces() == null ? List.of() : sa.namespaces();
            for (int i = 0; i < namespaces.size(); i++) {
                if (namespaces.indexOf(namespaces.get(i)) != i) {
                    problems.add(Problem.of(object, base + "namespaces[" + i + "]", "duplicate namespace '"
                            + namespaces.get(i) + "'"));
                }
            }
            List<LabelSelector> nsSel = Selectors.toNeutral(sa.namespaceSelectors(), object, base + "namespaceSelectors",
                    problems);
            List<LabelSelector> svcSel = Selectors.toNeutral(sa.serviceSelectors(), object, base + "serviceSelectors",
                    problems);
            if (problems.isEmpty()) {
                scope = Optional.of(new PoolScope(priority, namespaces, nsSel, svcSel));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Map<String, String> annotations = p.getMetadata().getAnnotations() == null ? Map.of()
                : p.getMetadata().getAnnotations();
        boolean crossTenant = "true".equals(annotations.get(CROSS_TENANT_SHARING));
        Map<String, String> labels = p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        return new AddressPool(nameOf(p), ranges, spec.autoAssign() == null || spec.autoAssign(),
                Boolean.TRUE.equals(spec.avoidBuggyIPs()), scope, crossTenant, labels);
    }

    // ---------------------------------------------------------------- advertisements

    private BgpAdvertisement bgpAdvertisement(BGPAdvertisement a, String object, List<Problem> problems) {
        BGPAdvertisementSpec spec = a.getSpec() != null ? a.getSpec()
                : new BGPAdvertisementSpec(null, null, null, null, null, null, null, null, null, null);
        int v4 = spec.aggregationLength() == null ? 32 : spec.aggregationLength();
        int v6 = spec.aggregationLengthV6() == null ? 128 : spec.aggregationLengthV6();
        if (v4 < 1 || v4 > 32) {
            problems.add(Problem.of(object, "spec.aggregationLength", "invalid aggregation length " + v4
                    + " for IPv4: must be between 1 and 32"));
        }
        if (v6 < 0 || v6 > 128) {
            problems.add(Problem.of(object, "spec.aggregationLengthV6", "invalid aggregation length " + v6
                    + " for IPv6: must be between 0 and 128"));
        }
        if (spec.localPref() != null && (spec.localPref() < 0 || spec.localPref() > MAX_ASN)) {
            problems.add(Problem.of(object, "spec.localPref", "must be between 0 and 4294967295, got "
                    + spec.localPref()));
        }
        List<dev.kubelb.api.Community> communities = new ArrayList<>();
        List<String> texts = spec.communities() == null ? List.of() : spec.communities();
        for (int i = 0; i < texts.size(); i++) {
            String field = "spec.communities[" + i + "]";
            String t = texts.get(i);
            if (texts.indexOf(t) != i) {
                problems.add(Problem.of(object, field, "duplicate community '" + t + "'"));
                continue;
            }
            parseAdvertisedCommunity(t, object, field, problems).ifPresent(communities::add);
        }
        List<String> pools = names(spec.ipAddressPools(), object, "spec.ipAddressPools", problems);
        List<String> peers = names(spec.peers(), object, "spec.peers", problems);
        List<LabelSelector> poolSel = Selectors.toNeutral(spec.ipAddressPoolSelectors(), object,
                "spec.ipAddressPoolSelectors", problems);
        List<LabelSelector> nodeSel = Selectors.toNeutral(spec.nodeSelectors(), object, "spec.nodeSelectors", problems);
        List<LabelSelector> svcSel = Selectors.toNeutral(spec.serviceSelectors(), object, "spec.serviceSelectors",
                problems);
        if (spec.asPathPrepend() != null && (spec.asPathPrepend() < 1 || spec.asPathPrepend() > 10)) {
            problems.add(Problem.of(object, "spec.asPathPrepend", "must be between 1 and 10, got "
                    + spec.asPathPrepend()));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        // localPref is a uint32 with omitempty in MetalLB: 0 means unset
        Optional<Long> localPref = Optional.ofNullable(spec.localPref()).filter(v -> v != 0);
        return new BgpAdvertisement(nameOf(a), pools, poolSel, v4, v6, localPref,
                communities, peers, nodeSel, svcSel, Optional.ofNullable(spec.asPathPrepend()));
    }

    /**
     * MetalLB's reading of an advertisement community: {@code AS:value} or {@code large:A:B:C}, else the
     * name of an alias (MetalLB knows no well-known names).
     */
    static Optional<dev.kubelb.api.Community> parseAdvertisedCommunity(String text, String object, String field,
            List<Problem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(Problem.of(object, field, "empty community"));
            return Optional.empty();
        }
        if (text.indexOf(':') >= 0) {
            return parseCommunityValue(text, object, field, problems);
        }
        if (!dev.kubelb.api.Community.ALIAS.matcher(text).matches()) {
            problems.add(Problem.of(object, field, "'" + text
                    + "' is not a community: expected AS:value, large:A:B:C or the name of a Community alias"));
            return Optional.empty();
        }
        return Optional.of(new dev.kubelb.api.Community.Alias(text));
    }

    /** A concrete community value as MetalLB parses it: {@code AS:value} (16:16) or {@code large:A:B:C}. */
    static Optional<dev.kubelb.api.Community> parseCommunityValue(String text, String object, String field,
            List<Problem> problems) {
        String[] parts = text.split(":", -1);
        if (parts.length == 4 && !parts[0].equals("large")) {
            problems.add(Problem.of(object, field, "'" + text
                    + "' has an invalid marker for a large community: expected large:A:B:C"));
            return Optional.empty();
        }
        if (parts.length != 2 && parts.length != 4) {
            problems.add(Problem.of(object, field, "'" + text
                    + "' is not a community: expected AS:value (16-bit numbers) or large:A:B:C (32-bit numbers)"));
            return Optional.empty();
        }
        try {
            dev.kubelb.api.Community c = dev.kubelb.api.Community.parse(text);
            if (c instanceof dev.kubelb.api.Community.Standard || c instanceof dev.kubelb.api.Community.Large) {
                return Optional.of(c);
            }
            problems.add(Problem.of(object, field, "'" + text + "' is not a community value"));
        } catch (ConfigurationException e) {
            problems.add(Problem.of(object, field, e.problems().get(0).message()));
        }
        return Optional.empty();
    }

    private dev.kubelb.api.L2Advertisement l2Advertisement(L2Advertisement a, String object, List<Problem> problems) {
        L2AdvertisementSpec spec = a.getSpec() != null ? a.getSpec()
                : new L2AdvertisementSpec(null, null, null, null, null, null);
        List<String> pools = names(spec.ipAddressPools(), object, "spec.ipAddressPools", problems);
        List<String> interfaces = names(spec.interfaces(), object, "spec.interfaces", problems);
        List<LabelSelector> poolSel = Selectors.toNeutral(spec.ipAddressPoolSelectors(), object,
                "spec.ipAddressPoolSelectors", problems);
        List<LabelSelector> nodeSel = Selectors.toNeutral(spec.nodeSelectors(), object, "spec.nodeSelectors", problems);
        List<LabelSelector> svcSel = Selectors.toNeutral(spec.serviceSelectors(), object, "spec.serviceSelectors",
                problems);
        List<PreferredNodeSelector> preferred = new ArrayList<>();
        List<PreferredNode> given = spec.preferredNodeSelectors() == null ? List.of() : spec.preferredNodeSelectors();
        for (int i = 0; i < given.size(); i++) {
            String field = "spec.preferredNodeSelectors[" + i + "]";
            PreferredNode n = given.get(i);
            if (n == null || n.weight() == null || n.weight() < 1 || n.weight() > 100) {
                problems.add(Problem.of(object, field + ".weight", "must be between 1 and 100, got "
                        + (n == null ? null : n.weight())));
                continue;
            }
            List<LabelSelector> sel = Selectors.toNeutral(n.preference() == null ? List.of() : List.of(n.preference()),
                    object, field + ".preference", problems);
            preferred.add(new PreferredNodeSelector(n.weight(), sel.isEmpty() ? LabelSelector.ALL : sel.get(0)));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new dev.kubelb.api.L2Advertisement(nameOf(a), pools, poolSel, nodeSel, interfaces, svcSel, preferred);
    }

    private static List<String> names(List<String> values, String object, String field, List<Problem> problems) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v == null || v.isEmpty()) {
                problems.add(Problem.of(object, field + "[" + i + "]", "must not be empty"));
            } else if (values.indexOf(v) != i) {
                problems.add(Problem.of(object, field + "[" + i + "]", "duplicate entry '" + v + "'"));
            }
        }
        return values;
    }

    // ---------------------------------------------------------------- communities, BFD

    private static void communities(Community c, Optional<String> group, String object, List<Problem> problems,
            Map<String, CommunityAlias> aliases, Map<String, String> owner) {
        List<CommunityEntry> entries = c.getSpec() == null || c.getSpec().communities() == null ? List.of()
                : c.getSpec().communities();
        for (int i = 0; i < entries.size(); i++) {
            CommunityEntry e = entries.get(i);
            String base = "spec.communities[" + i + "]";
            String name = e.name() == null ? "" : e.name();
            if (!dev.kubelb.api.Community.ALIAS.matcher(name).matches()) {
                problems.add(Problem.of(object, base + ".name", "'" + name + "' is not a valid community alias name"));
                continue;
            }
            if (owner.containsKey(name)) {
                problems.add(Problem.of(object, base + ".name", "duplicate definition of community '" + name
                        + "' (also in " + owner.get(name) + ")"));
                continue;
            }
            owner.put(name, object);
            Optional<dev.kubelb.api.Community> value = parseCommunityValue(e.value() == null ? "" : e.value(), object,
                    base + ".value", problems);
            value.ifPresent(v -> aliases.put(name, new CommunityAlias(name, v, group)));
        }
    }

    private static BfdProfile bfd(BFDProfile b, String object, List<Problem> problems) {
        BFDProfileSpec s = b.getSpec() != null ? b.getSpec()
                : new BFDProfileSpec(null, null, null, null, null, null, null);
        Optional<Integer> rx = bounded(s.receiveInterval(), 10, 60000, object, "spec.receiveInterval", problems);
        Optional<Integer> tx = bounded(s.transmitInterval(), 10, 60000, object, "spec.transmitInterval", problems);
        Optional<Integer> mult = bounded(s.detectMultiplier(), 2, 255, object, "spec.detectMultiplier", problems);
        Optional<Integer> echo = bounded(s.echoInterval(), 10, 60000, object, "spec.echoInterval", problems);
        Optional<Integer> ttl = bounded(s.minimumTtl(), 1, 254, object, "spec.minimumTtl", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new BfdProfile(nameOf(b), rx, tx, mult, echo, Optional.ofNullable(s.echoMode()),
                Optional.ofNullable(s.passiveMode()), ttl);
    }

    private static Optional<Integer> bounded(Long v, int min, int max, String object, String field,
            List<Problem> problems) {
        if (v == null) {
            return Optional.empty();
        }
        if (v < min || v > max) {
            problems.add(Problem.of(object, field, "invalid value " + v + ", must be in " + min + "-" + max + " range"));
            return Optional.empty();
        }
        return Optional.of(v.intValue());
    }

    // ---------------------------------------------------------------- BGPPeer

    private static BgpPeer peer(BGPPeer p, String object, List<Problem> problems,
            Map<String, Password> inlinePasswords, Map<String, HasMetadata> userSecrets) {
        BGPPeerSpec s = p.getSpec();
        if (s == null) {
            problems.add(Problem.of(object, "spec", "missing spec"));
            return null;
        }
        long myAsn = 0;
        if (s.myASN() == null || s.myASN() == 0) {
            problems.add(Problem.of(object, "spec.myASN", "missing local ASN"));
        } else if (s.myASN() < 0 || s.myASN() > MAX_ASN) {
            problems.add(Problem.of(object, "spec.myASN", "AS number " + s.myASN() + " is out of range 1..4294967295"));
        } else {
            myAsn = s.myASN();
        }
        boolean hasPeerAsn = s.peerASN() != null && s.peerASN() != 0;
        boolean hasDynamic = s.dynamicASN() != null && !s.dynamicASN().isEmpty();
        Optional<Long> peerAsn = Optional.empty();
        Optional<DynamicAsn> dynamic = Optional.empty();
        if (hasPeerAsn && hasDynamic) {
            problems.add(Problem.of(object, "spec.peerASN", "peerASN and dynamicASN are mutually exclusive"));
        } else if (!hasPeerAsn && !hasDynamic) {
            problems.add(Problem.of(object, "spec.peerASN", "missing peer ASN and dynamicASN: set exactly one"));
        } else if (hasPeerAsn) {
            if (s.peerASN() < 0 || s.peerASN() > MAX_ASN) {
                problems.add(Problem.of(object, "spec.peerASN", "AS number " + s.peerASN()
                        + " is out of range 1..4294967295"));
            } else {
                peerAsn = Optional.of(s.peerASN());
            }
        } else {
            if (s.dynamicASN().equals("internal")) {
                dynamic = Optional.of(DynamicAsn.INTERNAL);
            } else if (s.dynamicASN().equals("external")) {
                dynamic = Optional.of(DynamicAsn.EXTERNAL);
            } else {
                problems.add(Problem.of(object, "spec.dynamicASN", "invalid dynamicASN '" + s.dynamicASN()
                        + "': must be internal or external"));
            }
        }
        IpAddress address = null;
        boolean hasInterface = s.iface() != null && !s.iface().isEmpty();
        if (s.peerAddress() == null || s.peerAddress().isEmpty()) {
            if (!hasInterface) {
                problems.add(Problem.of(object, "spec.peerAddress", "peer has no peerAddress or interface specified"));
            }
        } else if (hasInterface) {
            problems.add(Problem.of(object, "spec.interface", "peer has both peerAddress and interface specified"));
        } else if (!IpAddress.isValid(s.peerAddress())) {
            problems.add(Problem.of(object, "spec.peerAddress", "invalid BGPPeer address '" + s.peerAddress() + "'"));
        } else {
            address = IpAddress.parse(s.peerAddress());
        }
        Optional<IpAddress> source = Optional.empty();
        if (s.sourceAddress() != null && !s.sourceAddress().isEmpty()) {
            if (!IpAddress.isValid(s.sourceAddress())) {
                problems.add(Problem.of(object, "spec.sourceAddress", "invalid source IP '" + s.sourceAddress() + "'"));
            } else {
                source = Optional.of(IpAddress.parse(s.sourceAddress()));
                if (address != null && source.get().family() != address.family()) {
                    problems.add(Problem.of(object, "spec.sourceAddress", "source IP '" + s.sourceAddress()
                            + "' is not of the same family as peerAddress '" + s.peerAddress() + "'"));
                }
            }
        }
        int port = 179;
        if (s.peerPort() != null) {
            if (s.peerPort() < 1 || s.peerPort() > 16384) {
                problems.add(Problem.of(object, "spec.peerPort", "port " + s.peerPort()
                        + " is out of range 1..16384"));
            } else {
                port = s.peerPort();
            }
        }
        Optional<Duration> hold = duration(s.holdTime(), object, "spec.holdTime", problems);
        Optional<Duration> keepalive = duration(s.keepaliveTime(), object, "spec.keepaliveTime", problems);
        Optional<Duration> connect = duration(s.connectTime(), object, "spec.connectTime", problems);
        if (hold.isPresent()) {
            long secs = hold.get().getSeconds();
            if (secs != 0 && secs < 3 || hold.get().isNegative()) {
                problems.add(Problem.of(object, "spec.holdTime", "invalid hold time '" + s.holdTime()
                        + "': must be 0 or >=3s"));
            } else if (secs == 0 && !hold.get().isZero()) {
                problems.add(Problem.of(object, "spec.holdTime", "invalid hold time '" + s.holdTime()
                        + "': must be 0 or >=3s"));
            }
        }
        if (keepalive.isPresent()) {
            Duration h = hold.orElse(Duration.ofSeconds(90));
            if (keepalive.get().compareTo(h) > 0) {
                problems.add(Problem.of(object, "spec.keepaliveTime", "invalid keepaliveTime '" + s.keepaliveTime()
                        + "': must be lower than holdTime '" + (s.holdTime() == null ? "90s (default)" : s.holdTime())
                        + "'"));
            }
        }
        if (connect.isPresent()) {
            Duration c = connect.get();
            if (c.getNano() != 0) {
                problems.add(Problem.of(object, "spec.connectTime", "connect time should contain a whole number of seconds"));
            } else if (c.getSeconds() < 1 || c.getSeconds() > 65535) {
                problems.add(Problem.of(object, "spec.connectTime", "connect time should be between 1 seconds to 65535"));
            }
        }
        Optional<String> routerId = Optional.empty();
        if (s.routerID() != null && !s.routerID().isEmpty()) {
            if (!IpAddress.isValid(s.routerID()) || IpAddress.parse(s.routerID()).family() != IpFamily.IPV4) {
                problems.add(Problem.of(object, "spec.routerID", "invalid router ID '" + s.routerID()
                        + "': must be an IPv4 address"));
            } else {
                routerId = Optional.of(s.routerID());
            }
        }
        boolean hasPassword = s.password() != null && !s.password().isEmpty();
        boolean hasSecret = s.passwordSecret() != null && s.passwordSecret().getName() != null
                && !s.passwordSecret().getName().isEmpty();
        Optional<Password> password = Optional.empty();
        Optional<SecretRef> secret = Optional.empty();
        if (hasPassword && hasSecret) {
            problems.add(Problem.of(object, "spec.password", "can not have both password and passwordSecret set"));
        } else if (hasPassword) {
            password = Optional.of(new Password(s.password()));
        } else if (hasSecret && inlinePasswords.containsKey(s.passwordSecret().getName() + "/" + nameOf(p))) {
            // the Secret kubelb rendered for a clear-text password: read back as that password
            password = Optional.of(inlinePasswords.get(s.passwordSecret().getName() + "/" + nameOf(p)));
        } else if (hasSecret) {
            try {
                String ns = s.passwordSecret().getNamespace() == null ? "" : s.passwordSecret().getNamespace();
                secret = Optional.of(new SecretRef(ns, s.passwordSecret().getName(), "password"));
                PeerPasswords.check(userSecrets, ns, s.passwordSecret().getName(), object, problems);
            } catch (ConfigurationException e) {
                e.locate(object, "spec.passwordSecret.").problems().forEach(problems::add);
            }
        }
        List<LabelSelector> nodeSel = Selectors.toNeutral(s.nodeSelectors(), object, "spec.nodeSelectors", problems);
        if (s.localASN() != null && (s.localASN() < 1 || s.localASN() > MAX_ASN)) {
            problems.add(Problem.of(object, "spec.localASN", "AS number " + s.localASN()
                    + " is out of range 1..4294967295"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new BgpPeer(nameOf(p), myAsn, peerAsn, dynamic, Optional.ofNullable(address),
                    hasInterface ? Optional.of(s.iface()) : Optional.empty(), port, source, hold, keepalive, connect,
                    routerId, password, secret, optional(s.bfdProfile()), Boolean.TRUE.equals(s.ebgpMultiHop()),
                    Boolean.TRUE.equals(s.enableGracefulRestart()), optional(s.vrf()), nodeSel,
                    Boolean.TRUE.equals(s.disableMP()), Optional.ofNullable(s.localASN()),
                    Boolean.TRUE.equals(s.dualStackAddressFamily()));
        } catch (ConfigurationException e) {
            e.locate(object, "spec.").problems().forEach(problems::add);
            return null;
        }
    }

    private static Optional<String> optional(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static Optional<Duration> duration(String text, String object, String field, List<Problem> problems) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Duration> d = GoDuration.parse(text);
        if (d.isEmpty()) {
            problems.add(Problem.of(object, field, "'" + text + "' is not a duration (e.g. 90s, 1m30s)"));
        }
        return d;
    }

    static Map<String, String> sortedCopy(Map<String, String> m) {
        return m == null ? Map.of() : new LinkedHashMap<>(new TreeMap<>(m));
    }
}
