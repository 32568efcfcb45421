package dev.kubelb.api;

/** Whether a cloud load balancer faces the internet or only the private network. */
public enum Visibility {
    /** Reachable from the internet (the clouds' default). */
    PUBLIC,
    /** Reachable only from the private network (VPC / VNet / subnet). */
    INTERNAL
}
