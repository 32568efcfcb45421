package dev.kubelb.examples.cli;

import dev.kubelb.api.AddressRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubelb gen}: generates a large input for measuring {@code plan}: one MetalLB pool (by
 * default an IPv6 /64), its BGPAdvertisement and peer, and N single-stack Services spread over tenants.
 */
@Command(name = "gen", description = "Generate a large input for measuring plan and apply: a MetalLB pool, its "
        + "BGPAdvertisement and peer, and N Services spread over tenants.")
final class GenCommand extends BaseCommand {
    @Option(names = "--services", description = "How many Services (default: ${DEFAULT-VALUE}).")
    int services = 10_000;

    @Option(names = "--tenants", description = "Spread over this many tenant namespaces (default: ${DEFAULT-VALUE}).")
    int tenants = 10;

    @Option(names = "--cidr", description = "The pool (default: ${DEFAULT-VALUE}).")
    String cidr = "fd00:10:0:1::/64";

    @Override
    public Integer call() {
        AddressRange range;
        try {
            range = AddressRange.parse(cidr);
        } catch (RuntimeException e) {
            throw CliException.invalid("kubelb: gen: --cidr: " + e.getMessage());
        }
        String family = range.toString().contains(":") ? "IPv6" : "IPv4";
        StringBuilder sb = new StringBuilder(services * 260);
        sb.append("apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: bulk, namespace: metallb-system}\n")
                .append("spec:\n  addresses: [\"").append(cidr).append("\"]\n")
                .append("---\napiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\n")
                .append("metadata: {name: bulk, namespace: metallb-system}\nspec:\n  ipAddressPools: [bulk]\n")
                .append("---\napiVersion: metallb.io/v1beta2\nkind: BGPPeer\n")
                .append("metadata: {name: router, namespace: metallb-system}\n")
                .append("spec: {myASN: 64500, peerASN: 64501, peerAddress: 10.0.0.1}\n");
        for (int i = 0; i < services; i++) {
            sb.append("---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-").append(i)
                    .append(", namespace: tenant-").append(i % Math.max(1, tenants)).append("}\n")
                    .append("spec:\n  type: LoadBalancer\n  ipFamilyPolicy: SingleStack\n  ipFamilies: [").append(family)
                    .append("]\n  ports:\n  - {name: http, protocol: TCP, port: 80, nodePort: ")
                    .append(30000 + i % 2000).append("}\n");
        }
        out().print(sb);
        out().flush();
        return 0;
    }
}
