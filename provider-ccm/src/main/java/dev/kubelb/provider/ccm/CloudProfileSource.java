package dev.kubelb.provider.ccm;

import java.util.List;

/**
 * Service-provider interface for third parties that add cloud profiles in code. Register an
 * implementation in {@code META-INF/services/dev.kubelb.provider.ccm.CloudProfileSource}; it is found
 * with {@link java.util.ServiceLoader} when {@link CloudProfiles#load()} runs. Implementations need a
 * public no-argument constructor that does no I/O beyond reading their own class-path resources.
 *
 * <p>A profile can also be added without any code: put {@code META-INF/kubelb/ccm-profiles/<name>.properties}
 * (format: {@link CloudProfile#fromProperties(String, java.util.Map)}) on the class path and list
 * {@code <name>} in a {@code META-INF/kubelb/ccm-profiles.index} file next to it.
 *
 * <p>Built-in profiles win over third-party ones of the same name; a duplicate is reported by
 * {@link CloudProfiles#failures()} and skipped.
 */
public interface CloudProfileSource {

    /**
     * @return the profiles this source contributes
     */
    List<CloudProfile> profiles();
}
