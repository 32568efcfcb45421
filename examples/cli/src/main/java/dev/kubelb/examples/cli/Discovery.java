package dev.kubelb.examples.cli;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8's CRUD mock server plus the API discovery it lacks ({@code /version}, {@code /api}, {@code /api/v1},
 * {@code /apis}, {@code /apis/GROUP/VERSION}), so that {@code kubectl} works against the embedded default. The
 * documents follow the legacy (unaggregated) discovery of the real API server (k8s.io/apimachinery
 * pkg/apis/meta/v1 types.go: APIVersions, APIGroupList, APIResourceList); kubectl falls back to it when the
 * server does not answer the aggregated form (client-go discovery/aggregated_discovery.go). Only the kinds kubelb
 * reads or writes are listed.
 */
final class Discovery extends KubernetesCrudDispatcher {
    /** group/version → resources: plural, Kind, namespaced, short names. */
    private static final Map<String, List<Res>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("v1", List.of(r("namespaces", "Namespace", false, "ns"), r("services", "Service", true, "svc"),
                r("endpoints", "Endpoints", true, "ep"), r("events", "Event", true, "ev"),
                r("configmaps", "ConfigMap", true, "cm"), r("secrets", "Secret", true, ""),
                r("nodes", "Node", false, "no"), r("pods", "Pod", true, "po"),
                r("serviceaccounts", "ServiceAccount", true, "sa")));
        RESOURCES.put("discovery.k8s.io/v1", List.of(r("endpointslices", "EndpointSlice", true, "")));
        RESOURCES.put("coordination.k8s.io/v1", List.of(r("leases", "Lease", true, "")));
        RESOURCES.put("metallb.io/v1beta1", List.of(r("ipaddresspools", "IPAddressPool", true, ""),
                r("bgpadvertisements", "BGPAdvertisement", true, ""), r("l2advertisements", "L2Advertisement", true, ""),
                r("communities", "Community", true, ""), r("bfdprofiles", "BFDProfile", true, "")));
        RESOURCES.put("metallb.io/v1beta2", List.of(r("bgppeers", "BGPPeer", true, "")));
        RESOURCES.put("cilium.io/v2", List.of(r("ciliumloadbalancerippools", "CiliumLoadBalancerIPPool", false, "ippools"),
                r("ciliumbgpclusterconfigs", "CiliumBGPClusterConfig", false, ""),
                r("ciliumbgppeerconfigs", "CiliumBGPPeerConfig", false, ""),
                r("ciliumbgpadvertisements", "CiliumBGPAdvertisement", false, ""),
                r("ciliumbgpnodeconfigoverrides", "CiliumBGPNodeConfigOverride", false, "")));
        RESOURCES.put("cilium.io/v2alpha1", List.of(r("ciliuml2announcementpolicies", "CiliumL2AnnouncementPolicy",
                false, "l2announcement")));
        RESOURCES.put("kubelb.k8c.io/v1alpha1", List.of(r("loadbalancers", "LoadBalancer", true, ""),
                r("addresses", "Addresses", true, "")));
    }

    /** One resource of a group version. */
    private record Res(String plural, String kind, boolean namespaced, String shortName) {
    }

    private static Res r(String plural, String kind, boolean namespaced, String shortName) {
        return new Res(plural, kind, namespaced, shortName);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        if ("GET".equals(request.getMethod())) {
            String body = discovery(p);
            if (body != null) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(body);
            }
        }
        return super.dispatch(request);
    }

    /** @return the discovery document of the path, or null when the path is not a discovery path */
    static String discovery(String p) {
        String path = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
        Map<String, Object> doc = new LinkedHashMap<>();
        if ("/version".equals(path)) {
            doc.put("major", "1");
            doc.put("minor", "36");
            doc.put("gitVersion", "v1.36.0+kubelb-embedded");
            doc.put("platform", "embedded/mock");
        } else if ("/api".equals(path)) {
            doc.put("kind", "APIVersions");
            doc.put("versions", List.of("v1"));
            doc.put("serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "")));
        } else if ("/apis".equals(path)) {
            doc.put("kind", "APIGroupList");
            doc.put("apiVersion", "v1");
            Map<String, List<String>> groups = new LinkedHashMap<>();
            RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> groups.computeIfAbsent(
                    gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>()).add(gv));
            List<Map<String, Object>> list = new ArrayList<>();
            groups.forEach((g, gvs) -> {
                List<Map<String, String>> versions = gvs.stream().map(gv -> Map.of("groupVersion", gv, "version",
                        gv.substring(gv.indexOf('/') + 1))).toList();
                list.add(Map.of("name", g, "versions", versions, "preferredVersion", versions.get(0)));
            });
            doc.put("groups", list);
        } else if (path.equals("/api/v1") || path.startsWith("/apis/") && RESOURCES.containsKey(path.substring(6))) {
            String gv = path.equals("/api/v1") ? "v1" : path.substring(6);
            doc.put("kind", "APIResourceList");
            doc.put("apiVersion", "v1");
            doc.put("groupVersion", gv);
            List<Map<String, Object>> list = new ArrayList<>();
            for (Res res : RESOURCES.get(gv)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", res.plural());
                m.put("singularName", res.kind().toLowerCase(java.util.Locale.ROOT));
                m.put("namespaced", res.namespaced());
                m.put("kind", res.kind());
                m.put("verbs", List.of("create", "delete", "deletecollection", "get", "list", "patch", "update",
                        "watch"));
                if (!res.shortName().isEmpty()) {
                    m.put("shortNames", List.of(res.shortName()));
                }
                list.add(m);
                if ("services".equals(res.plural()) || "loadbalancers".equals(res.plural())) {
                    list.add(Map.of("name", res.plural() + "/status", "singularName", "", "namespaced", true, "kind",
                            res.kind(),
                            "verbs", List.of("get", "patch", "update")));
                }
            }
            doc.put("resources", list);
        } else {
            return null;
        }
        return Documents.SERIALIZATION.asJson(doc);
    }
}
