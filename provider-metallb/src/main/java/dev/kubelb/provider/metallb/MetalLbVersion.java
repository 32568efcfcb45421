package dev.kubelb.provider.metallb;

import dev.kubelb.api.ConfigurationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MetalLB version kubelb renders for (provider option {@value MetalLbSession#OPTION_VERSION}:
 * {@code 0.14}, {@code 0.15}, {@code 0.16} or a full {@code 0.14.9}; default the newest, 0.16). A minor
 * version alone means its latest patch. What changed between versions (MetalLB release notes):
 * <ul>
 *   <li>0.14.9: the {@code metallb.io/} Service annotation prefix; {@code metallb.universe.tf/} before.</li>
 *   <li>0.15.0: unnumbered peers ({@code interface}), {@code dualStackAddressFamily}, and sessions carry
 *       only their own family by default (IPv4 over IPv4, IPv6 over IPv6; {@code disableMP}
 *       deprecated); before, one session carried both families unless {@code disableMP}.</li>
 *   <li>0.16.0: {@code localASN}, BGPAdvertisement {@code asPathPrepend} and {@code serviceSelectors},
 *       L2Advertisement {@code serviceSelectors} and {@code preferredNodeSelectors}.</li>
 *   <li>0.16.2 (the first 0.16 release whose source we could read; absent from 0.15.2): the native speaker merges the
 *       communities of advertisements giving one prefix to one peer ({@code internal/bgp/native/native.go
 *       session.Set}, {@code mergeCommunities}; metallb/metallb#3033); before, one advertisement's attributes
 *       travelled, whichever came last.</li>
 * </ul>
 *
 * @param minor the minor version (0.{@code minor})
 * @param patch the patch version
 */
record MetalLbVersion(int minor, int patch) implements Comparable<MetalLbVersion> {
    /** The newest version modelled. */
    static final MetalLbVersion NEWEST = new MetalLbVersion(16, 2);
    private static final Pattern TEXT = Pattern.compile("v?0\\.(1[456])(?:\\.(\\d{1,3}))?");

    /**
     * @param text {@code 0.15}, {@code v0.15.2}…
     * @return the version
     * @throws ConfigurationException naming the option when the text is not a supported version
     */
    static MetalLbVersion parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw ConfigurationException.field(MetalLbSession.OPTION_VERSION, "'" + text
                    + "' is not a supported MetalLB version: expected 0.14, 0.15 or 0.16 (optionally with a patch, "
                    + "e.g. 0.14.9)");
        }
        int minor = Integer.parseInt(m.group(1));
        int patch = m.group(2) != null ? Integer.parseInt(m.group(2)) : 999;
        return new MetalLbVersion(minor, patch);
    }

    boolean atLeast(int minorVersion, int patchVersion) {
        return compareTo(new MetalLbVersion(minorVersion, patchVersion)) >= 0;
    }

    /** @return the prefix of the Service annotations this version reads first */
    String annotationPrefix() {
        return atLeast(14, 9) ? "metallb.io/" : MetalLbServices.DEPRECATED_PREFIX;
    }

    /**
     * @return whether a BGP session carries only its own address family unless
     *     {@code dualStackAddressFamily} (0.15 and later); before, both unless {@code disableMP}
     */
    boolean sessionsCarryOwnFamilyOnly() {
        return atLeast(15, 0);
    }

    /** @return whether the native speaker merges the communities of advertisements giving one prefix (0.16.2 on) */
    boolean nativeMergesCommunities() {
        return atLeast(16, 2);
    }

    @Override
    public int compareTo(MetalLbVersion o) {
        return minor != o.minor ? Integer.compare(minor, o.minor) : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "0." + minor + (patch == 999 ? "" : "." + patch);
    }
}
