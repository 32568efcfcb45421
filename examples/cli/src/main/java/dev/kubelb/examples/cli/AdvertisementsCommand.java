package dev.kubelb.examples.cli;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.api.ClusterNode;
import dev.kubelb.core.KubeLb;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kubelb advertisements}: which prefixes each peer receives, with which attributes. */
@Command(name = "advertisements", description = "The advertisement preview: which prefixes each BGP peer receives "
        + "with which attributes, and the L2 announcements.")
final class AdvertisementsCommand extends ClusterCommand {
    @Override
    public Integer call() {
        try (Cluster c = openCluster(); KubeLb lb = engineFor(c)) {
            ClusterView view = view(c, lb);
            // the speakers' view: every node (an appliance's speaker runs on each by default), when there are any
            List<ClusterNode> nodes = c.client.nodes().list().getItems().stream().map(n -> new ClusterNode(
                    n.getMetadata().getName(), n.getMetadata().getLabels() == null ? Map.of()
                            : n.getMetadata().getLabels())).toList();
            AdvertisementPreview preview = nodes.isEmpty()
                    ? lb.session().advertiser().advertisements(lb.configuration(), view.assignments())
                    : lb.session().advertiser().advertisements(lb.configuration(), view.assignments(), nodes);
            Map<String, Object> root = header(c, lb.provider().name());
            root.putAll(Views.preview(preview));
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                if (c.embedded) {
                    out().println("(a preview computed by kubelb: the simulated appliance announces nothing)");
                }
                Views.previewTable(out(), Views.preview(preview), format == Output.Format.wide);
                out().flush();
            }
            return 0;
        }
    }
}
