package dev.kubelb.examples.cli;

import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.KubeLb;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb pools}: utilisation per pool and tenant. */
@Command(name = "pools", description = "Utilisation per pool, address family (IPv4 and IPv6 never summed) and "
        + "tenant; exact for IPv6.")
final class PoolsCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Cluster c = openCluster(); KubeLb lb = engineFor(c)) {
            ClusterView view = view(c, lb);
            UsageSnapshot usage = view.usage(lb.configuration());
            Map<String, Object> root = header(c, lb.provider().name());
            root.put("pools", view.usageByFamily(lb.configuration()));
            Map<String, Long> byTenant = new java.util.TreeMap<>(NaturalOrder.INSTANCE);
            byTenant.putAll(usage.addressesByTenant());
            root.put("addressesByTenant", byTenant);
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                Views.poolTable(out(), view.usageByFamily(lb.configuration()));
                out().println();
                out().println("ADDRESSES BY TENANT");
                Table t = new Table("TENANT", "ADDRESSES");
                byTenant.forEach(t::row);
                t.print(out());
                out().flush();
            }
            return 0;
        }
    }
}
