package dev.kubelb.provider.cilium;

import dev.kubelb.api.AddressRange;
import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.IpAddress;
import dev.kubelb.provider.cilium.model.IpPoolSpec;
import java.util.ArrayList;
import java.util.List;

/** Reading a {@code CiliumLoadBalancerIPPool}'s blocks as Cilium does. */
final class CiliumPools {
    private CiliumPools() {
    }

    /**
     * A block as Cilium reads it ({@code operator/pkg/lbipam/lbipam.go} {@code ipRangeFromBlock}): a CIDR, or
     * {@code start}..{@code stop}, or the single address {@code start} when {@code stop} is empty.
     *
     * @param b the block
     * @return the range
     * @throws ConfigurationException (field relative to the block) when it is neither
     */
    static AddressRange block(IpPoolSpec.Block b) {
        boolean cidr = b.getCidr() != null && !b.getCidr().isEmpty();
        boolean start = b.getStart() != null && !b.getStart().isEmpty();
        boolean stop = b.getStop() != null && !b.getStop().isEmpty();
        if (cidr) {
            if (start || stop) {
                throw ConfigurationException.field("", "give either cidr or start/stop, not both");
            }
            // Cilium masks host bits (lbipam.go RangeFromPrefix: prefix.Masked())
            String text = b.getCidr().trim();
            int slash = text.indexOf('/');
            if (slash < 0 || !IpAddress.isValid(text.substring(0, slash))) {
                throw ConfigurationException.field("cidr", "'" + b.getCidr() + "' is not a CIDR");
            }
            try {
                return AddressRange.cidr(IpAddress.parse(text.substring(0, slash)),
                        Integer.parseInt(text.substring(slash + 1)));
            } catch (NumberFormatException e) {
                throw ConfigurationException.field("cidr", "'" + b.getCidr() + "' is not a CIDR");
            } catch (ConfigurationException e) {
                throw e.locate("", "cidr");
            }
        }
        if (!start) {
            throw ConfigurationException.field(stop ? "start" : "", stop ? "a block with stop needs start"
                    : "a block needs cidr or start");
        }
        try {
            return AddressRange.parse(stop ? b.getStart() + "-" + b.getStop() : b.getStart() + "-" + b.getStart());
        } catch (ConfigurationException e) {
            throw e.locate("", stop ? "stop" : "start");
        }
    }

    /**
     * @param spec a pool's spec
     * @return its blocks that parse, in order
     */
    static List<AddressRange> blocks(IpPoolSpec spec) {
        List<AddressRange> out = new ArrayList<>();
        if (spec.getBlocks() != null) {
            for (IpPoolSpec.Block b : spec.getBlocks()) {
                try {
                    out.add(block(b));
                } catch (ConfigurationException e) {
                    // reported by the import
                }
            }
        }
        return out;
    }
}
