package dev.kubelb.examples.cli;

import dev.kubelb.core.KubeLb;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb status}: every load balancer with its addresses, pool, appliance state and conditions. */
@Command(name = "status", description = "Every load balancer: addresses, pool, appliance state, Ready; pool use per "
        + "address family. -o wide adds source, ingress and message.")
final class StatusCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Cluster c = openCluster(); KubeLb lb = engineFor(c)) {
            ClusterView view = view(c, lb);
            Map<String, Object> root = header(c, lb.provider().name());
            root.put("loadBalancers", Views.loadBalancers(view));
            root.put("pools", view.usageByFamily(lb.configuration()));
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                Views.loadBalancerTable(out(), Views.loadBalancers(view), format == Output.Format.wide, colour());
                Views.poolTable(out(), view.usageByFamily(lb.configuration()));
                out().flush();
            }
            return 0;
        }
    }
}
