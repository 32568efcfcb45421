package dev.kubelb.examples.providerfrr;

import dev.kubelb.api.AddressPool;
import dev.kubelb.api.AddressRange;
import dev.kubelb.api.Advertisement;
import dev.kubelb.api.ApplianceConfig;
import dev.kubelb.api.BgpAdvertisement;
import dev.kubelb.api.BgpPeer;
import dev.kubelb.api.Community;
import dev.kubelb.api.IpFamily;
import dev.kubelb.api.Problem;
import dev.kubelb.api.ValidationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a configuration whole before anything is applied: what one bgpd can do and what the speaker file can
 * say. Every problem names its object ({@code pool/…}, {@code peer/…}, {@code advertisement/…}) and field.
 */
final class SpeakerValidation {

    private SpeakerValidation() {
    }

    static ValidationReport validate(ApplianceConfig config) {
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        pools(config, errors);
        peers(config, errors);
        for (Advertisement a : config.advertisements()) {
            if (a instanceof BgpAdvertisement b) {
                advertisement(config, b, errors, warnings);
            } else {
                errors.add(Problem.of("advertisement/" + a.name(), "", "only BGP advertisements: this speaker has "
                        + "no L2 announcer"));
            }
        }
        if (!config.communityAliases().isEmpty() || !config.bfdProfiles().isEmpty()) {
            errors.add(Problem.of("speaker", "", "community aliases and BFD profiles are not supported"));
        }
        if (config.peers().isEmpty() && !config.pools().isEmpty()) {
            warnings.add(Problem.of("speaker", "peers", "no peer: nothing is announced"));
        }
        return new ValidationReport(errors, warnings);
    }

    private static void pools(ApplianceConfig config, List<Problem> errors) {
        List<AddressPool> pools = config.pools();
        for (int i = 0; i < pools.size(); i++) {
            AddressPool p = pools.get(i);
            if (p.scope().isPresent() || p.allowCrossTenantSharing() || !p.labels().isEmpty()) {
                errors.add(Problem.of("pool/" + p.name(), "", "scopes, labels and cross-tenant sharing cannot be "
                        + "expressed in the speaker file"));
            }
            for (int j = i + 1; j < pools.size(); j++) {
                AddressPool q = pools.get(j);
                for (AddressRange r : p.ranges()) {
                    if (q.ranges().stream().anyMatch(r::overlaps)) {
                        errors.add(Problem.of("pool/" + q.name(), "addresses", "overlaps pool '" + p.name() + "' ("
                                + r + ")"));
                    }
                }
            }
        }
    }

    private static void peers(ApplianceConfig config, List<Problem> errors) {
        Map<String, String> byAddress = new HashMap<>();
        Long asn = null;
        for (BgpPeer p : config.peers()) {
            String object = "peer/" + p.name();
            if (p.isUnnumbered() || p.dynamicAsn().isPresent()) {
                errors.add(Problem.of(object, p.isUnnumbered() ? "interface" : "dynamicASN", "not supported: a peer "
                        + "has an address and an AS"));
                continue;
            }
            if (asn != null && p.myAsn() != asn) {
                errors.add(Problem.of(object, "myASN", "one bgpd speaks for one AS: " + asn + ", not " + p.myAsn()));
            }
            asn = p.myAsn();
            String other = byAddress.putIfAbsent(p.address().toString(), p.name());
            if (other != null) {
                errors.add(Problem.of(object, "address", "peer '" + other + "' has the same address " + p.address()));
            }
            if (p.bfdProfile().isPresent() || p.vrf().isPresent() || p.gracefulRestart() || p.localAsn().isPresent()
                    || p.disableMp() || p.dualStackAddressFamily() || p.password().isPresent()
                    || !p.nodeSelectors().isEmpty()) {
                errors.add(Problem.of(object, "", "bfdProfile, vrf, gracefulRestart, localASN, disableMP, "
                        + "dualStackAddressFamily, node selectors and clear-text passwords are not supported (a "
                        + "password comes from passwordSecret)"));
            }
            if (p.sourceAddress().isPresent() && p.sourceAddress().get().family() != p.address().family()) {
                errors.add(Problem.of(object, "sourceAddress", "must be of the peer address's family"));
            }
        }
    }

    private static void advertisement(ApplianceConfig config, BgpAdvertisement a, List<Problem> errors,
            List<Problem> warnings) {
        String object = "advertisement/" + a.name();
        if (!a.poolSelectors().isEmpty() || !a.nodeSelectors().isEmpty() || !a.serviceSelectors().isEmpty()
                || a.asPathPrepend().isPresent()) {
            errors.add(Problem.of(object, "", "selectors and asPathPrepend are not supported"));
        }
        for (int i = 0; i < a.pools().size(); i++) {
            String name = a.pools().get(i);
            var pool = config.pool(name);
            if (pool.isEmpty()) {
                errors.add(Problem.of(object, "pools[" + i + "]", "no pool named '" + name + "'"));
                continue;
            }
            for (AddressRange r : pool.get().ranges()) {
                int length = r.family() == IpFamily.IPV4 ? a.aggregationLength() : a.aggregationLengthV6();
                if (length < r.shortestPrefix()) {
                    errors.add(Problem.of(object, r.family() == IpFamily.IPV4 ? "aggregationLength"
                            : "aggregationLengthV6", "/" + length + " is shorter than pool '" + name + "''s entry "
                            + r + " (its widest block is /" + r.shortestPrefix() + "): the aggregate would cover "
                            + "addresses outside the pool"));
                }
            }
        }
        boolean internal = false;
        for (int i = 0; i < a.peers().size(); i++) {
            var peer = config.peer(a.peers().get(i));
            if (peer.isEmpty()) {
                errors.add(Problem.of(object, "peers[" + i + "]", "no peer named '" + a.peers().get(i) + "'"));
            } else {
                internal |= !peer.get().isUnnumbered() && peer.get().dynamicAsn().isEmpty() && peer.get().isInternal();
            }
        }
        if (a.peers().isEmpty()) {
            internal = config.peers().stream().anyMatch(p -> p.dynamicAsn().isEmpty() && !p.isUnnumbered()
                    && p.isInternal());
        }
        for (int i = 0; i < a.communities().size(); i++) {
            if (a.communities().get(i) instanceof Community.Alias alias) {
                errors.add(Problem.of(object, "communities[" + i + "]", "'" + alias.name() + "' is an alias; "
                        + "aliases are not supported"));
            }
        }
        if (a.localPref().isPresent() && !internal) {
            warnings.add(Problem.of(object, "localPref", "none of its peers is iBGP: local preference is sent over "
                    + "iBGP only"));
        }
    }
}
