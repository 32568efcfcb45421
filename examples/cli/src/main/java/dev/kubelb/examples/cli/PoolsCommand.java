package dev.kubelb.examples.cli;

import dev.kubelb.api.UsageSnapshot;
import dev.kubelb.core.KubeLb;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb pools}: utilisation per pool and tenant. */
@Command(name = "pools", description = "Utilisation per pool and tenant.")
final class PoolsCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Cluster c = openCluster(); KubeLb lb = engineFor(c)) {
            UsageSnapshot usage = ClusterView.read(c.client, lb.session()).usage(lb.configuration());
            Map<String, Object> root = header(c, lb.provider().name());
            root.put("pools", Views.pools(usage));
            root.put("addressesByTenant", usage.addressesByTenant());
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                Views.poolTable(out(), Views.pools(usage));
                out().println();
                out().println("ADDRESSES BY TENANT");
                Table t = new Table("TENANT", "ADDRESSES");
                usage.addressesByTenant().forEach(t::row);
                t.print(out());
                out().flush();
            }
            return 0;
        }
    }
}
