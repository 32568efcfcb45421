package dev.kubelb.api;

/** Why an address could not be allocated. The names are stable and appear in CLI output. */
public enum FailureReason {
    /** No pool admits the request (none exists, none auto-assigns, or none is in scope). */
    NO_POOL,
    /** Every admitting pool is full. */
    POOL_EXHAUSTED,
    /** A requested address lies in no pool that admits the request. */
    ADDRESS_NOT_IN_POOL,
    /** A requested address is held by a request it may not share with. */
    ADDRESS_IN_USE,
    /** The request's sharing key or ports are incompatible with the address's current holders. */
    INCOMPATIBLE_SHARING,
    /** The named pool exists but does not admit the request. */
    POOL_NOT_ALLOWED,
    /** The pool cannot provide a required address family. */
    FAMILY_UNAVAILABLE,
    /** The tenant's address quota is used up. */
    QUOTA_EXCEEDED
}
