package dev.kubelb.provider.ccm;

import dev.kubelb.api.ConfigurationException;
import dev.kubelb.api.Problem;
import dev.kubelb.spi.Capabilities;
import dev.kubelb.spi.ClusterInfo;
import dev.kubelb.spi.LoadBalancerProvider;
import dev.kubelb.spi.ProviderContext;
import dev.kubelb.spi.ProviderSession;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code ccm} provider: cloud load balancers through the cluster's cloud controller (AWS, GCP,
 * Azure, Hetzner, OpenStack, DigitalOcean, OCI, or any profile a third party adds, see
 * {@link CloudProfileSource}). The cloud allocates addresses; this provider speaks its annotation dialect.
 *
 * <p>The cloud is chosen by the option {@value #OPTION_CLOUD} (e.g. {@code ccm.cloud=aws}), else by the
 * cloud the provider is bound to ({@link #forCloud}), else by the cluster hint {@value #HINT_CLOUD}; an unknown or missing cloud is a
 * {@link ConfigurationException} listing the known profiles. The priority is the lowest of the built-in
 * providers ({@value #PRIORITY}): it is chosen automatically only when the cluster names its cloud and no
 * self-managed appliance (MetalLB, Cilium) is present.
 */
public final class CcmProvider implements LoadBalancerProvider {

    /** The provider's name. */
    public static final String NAME = "ccm";

    /** The provider's priority. */
    public static final int PRIORITY = 10;

    /** The provider option naming the cloud profile. */
    public static final String OPTION_CLOUD = "ccm.cloud";

    /** The {@link ClusterInfo#hints()} key naming the cloud. */
    public static final String HINT_CLOUD = "cloud";

    private final Optional<CloudProfile> bound;
    private volatile CloudProfiles catalog;

    /** The ServiceLoader constructor: the cloud is chosen when a session opens. Does no I/O. */
    public CcmProvider() {
        this.bound = Optional.empty();
    }

    private CcmProvider(CloudProfile profile, CloudProfiles catalog) {
        this.bound = Optional.of(profile);
        this.catalog = catalog;
    }

    /**
     * @param cloud a profile name, e.g. {@code aws}
     * @return a provider bound to that cloud (its {@link #capabilities()} reflect the cloud; sessions use it
     *     unless the context names another cloud)
     * @throws ConfigurationException when no profile has that name
     */
    public static CcmProvider forCloud(String cloud) {
        CloudProfiles profiles = CloudProfiles.load();
        return new CcmProvider(profiles.require(cloud), profiles);
    }

    /**
     * @param profile a profile
     * @return a provider bound to it
     */
    public static CcmProvider forProfile(CloudProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return new CcmProvider(profile, CloudProfiles.of(List.of(profile)));
    }

    /** @return the profiles this provider chooses from (loaded on first use) */
    public CloudProfiles profiles() {
        CloudProfiles c = catalog;
        if (c == null) {
            c = CloudProfiles.load();
            catalog = c;
        }
        return c;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * @return no BGP or L2 of its own, dual stack, delegated allocation, no sharing; address pinning only
     *     when bound to a cloud that takes static addresses
     */
    @Override
    public Capabilities capabilities() {
        return capabilitiesOf(bound);
    }

    static Capabilities capabilitiesOf(Optional<CloudProfile> profile) {
        boolean pinning = profile.map(CloudProfile::supportsStaticAddresses).orElse(false);
        boolean dualStack = profile.map(CloudProfile::supportsDualStack).orElse(true);
        return new Capabilities(false, false, dualStack, pinning, false, true);
    }

    /**
     * @return whether the cluster names a cloud ({@value #HINT_CLOUD} hint) this provider has a profile for,
     *     or the provider is bound to a cloud
     */
    @Override
    public boolean supports(ClusterInfo cluster) {
        if (bound.isPresent()) {
            return true;
        }
        String cloud = cluster.hints().get(HINT_CLOUD);
        return cloud != null && profiles().find(cloud).isPresent();
    }

    /**
     * @throws ConfigurationException when the cloud is unknown, or none is named and the provider is unbound
     */
    @Override
    public ProviderSession open(ProviderContext context) {
        Objects.requireNonNull(context, "context");
        Optional<String> option = context.option(OPTION_CLOUD).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> hint = Optional.ofNullable(context.cluster().hints().get(HINT_CLOUD));
        CloudProfile profile;
        if (option.isPresent()) {
            profile = bound.filter(b -> b.name().equals(option.get()))
                    .orElseGet(() -> profiles().require(option.get()));
        } else if (bound.isPresent()) {
            profile = bound.get();
        } else if (hint.isPresent()) {
            profile = profiles().require(hint.get());
        } else {
            throw new ConfigurationException(List.of(Problem.of("", OPTION_CLOUD, "no cloud named: set the provider"
                    + " option " + OPTION_CLOUD + " or the cluster hint " + HINT_CLOUD + "; known profiles: "
                    + String.join(", ", profiles().names()))));
        }
        return new CcmSession(profile, context);
    }
}
