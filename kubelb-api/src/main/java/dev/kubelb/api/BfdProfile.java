package dev.kubelb.api;

import java.util.Optional;

/**
 * A BFD profile peers may reference (MetalLB {@code BFDProfile}). Intervals are in milliseconds.
 *
 * @param name the profile's name
 * @param receiveInterval minimum receive interval
 * @param transmitInterval minimum transmit interval
 * @param detectMultiplier detection multiplier
 * @param echoInterval minimum echo receive interval
 * @param echoMode whether echo mode is on
 * @param passiveMode whether the session waits for the peer to start
 * @param minimumTtl minimum expected TTL of incoming packets (multi-hop)
 */
public record BfdProfile(String name, Optional<Integer> receiveInterval, Optional<Integer> transmitInterval,
        Optional<Integer> detectMultiplier, Optional<Integer> echoInterval, Optional<Boolean> echoMode,
        Optional<Boolean> passiveMode, Optional<Integer> minimumTtl) {

    /** Validates the name and the ranges MetalLB's CRD allows. */
    public BfdProfile {
        Checks.name(name, "name");
        range(receiveInterval, 10, 60000, "receiveInterval");
        range(transmitInterval, 10, 60000, "transmitInterval");
        range(detectMultiplier, 2, 255, "detectMultiplier");
        range(echoInterval, 10, 60000, "echoInterval");
        Checks.opt(echoMode, "echoMode");
        Checks.opt(passiveMode, "passiveMode");
        range(minimumTtl, 1, 254, "minimumTtl");
    }

    private static void range(Optional<Integer> v, int min, int max, String field) {
        Checks.opt(v, field);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            throw ConfigurationException.field(field, "must be between " + min + " and " + max + ", got " + v.get());
        }
    }
}
