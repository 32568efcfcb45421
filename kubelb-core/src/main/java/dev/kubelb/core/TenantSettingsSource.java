package dev.kubelb.core;

/**
 * The narrow hook through which the engine learns per-tenant settings (and so the global defaults) from
 * somewhere other than its builder, e.g. {@link KubeLbTenants}, which reads KubeLB's {@code Tenant} and
 * {@code Config} resources from the cluster.
 */
public interface TenantSettingsSource {
    /**
     * @param namespace a tenant namespace of the management cluster
     * @return the settings in force for it now
     */
    TenantSettings settingsFor(String namespace);

    /**
     * @param onChange run (on an informer thread, so quickly) whenever any setting may have changed; the
     *     engine then resyncs
     */
    void onChange(Runnable onChange);
}
