package dev.kubelb.examples.cli;

import dev.kubelb.api.AdvertisementPreview;
import dev.kubelb.core.KubeLb;
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
            AdvertisementPreview preview = lb.session().advertiser().advertisements(lb.configuration(),
                    view.assignments());
            Map<String, Object> root = header(c, lb.provider().name());
            root.putAll(Views.preview(preview));
            if (!Output.machine(out(), format, root)) {
                printHeader(root, c);
                if (c.embedded) {
                    out().println("(a preview computed by kubelb: the simulated appliance announces nothing)");
                }
                Views.previewTable(out(), Views.preview(preview));
                out().flush();
            }
            return 0;
        }
    }
}
