package dev.kubelb.examples.cli;

import dev.kubelb.core.KubeLb;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb status}: every load balancer with its addresses, pool, appliance state and conditions. */
@Command(name = "status", description = "Requests, addresses, pools and conditions as a table.")
final class StatusCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Cluster c = openCluster(); KubeLb lb = engineFor(c)) {
            ClusterView view = ClusterView.read(c.client, lb.session());
            Map<String, Object> root = header(c, lb.provider().name());
            root.put("loadBalancers", Views.loadBalancers(view));
            root.put("pools", Views.pools(view.usage(lb.configuration())));
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                Views.loadBalancerTable(out(), Views.loadBalancers(view));
                Views.poolTable(out(), Views.pools(view.usage(lb.configuration())));
                out().flush();
            }
            return 0;
        }
    }
}
