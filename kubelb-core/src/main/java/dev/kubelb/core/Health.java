package dev.kubelb.core;

import java.util.Map;
import java.util.Optional;

/**
 * The engine's health, as a host serves it for liveness and readiness probes.
 *
 * @param started whether {@link KubeLb#start()} ran and the engine is not closed
 * @param leader whether this replica leads (and writes)
 * @param watches each watched kind, with {@code watching}, {@code reconnecting} (its watch failed; retried
 *     with backoff while its cache keeps serving), {@code syncing} (a kind the engine needs, its first list not
 *     in yet), {@code waiting} (an optional kind not listed yet, for example while its CRD is not installed) or
 *     {@code stopped}
 * @param configurationError why the appliance configuration read from the cluster was refused (the previous
 *     one is kept), if it was
 */
public record Health(boolean started, boolean leader, Map<String, String> watches, Optional<String> configurationError) {
    public Health {
        watches = Map.copyOf(watches);
    }

    /** @return whether the engine is alive: started, with no watch stopped (a restart would help) */
    public boolean live() {
        return started && watches.values().stream().noneMatch("stopped"::equals);
    }

    /**
     * @return whether the engine serves: alive and every kind it needs synced; a replica that does not lead
     *     is ready too (it stands by)
     */
    public boolean ready() {
        return live() && watches.values().stream().noneMatch("syncing"::equals);
    }
}
