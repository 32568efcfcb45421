/**
 * The appliance-neutral model of kubelb-java: load-balancer requests, address pools, route
 * advertisements, BGP peers, allocations and the exception hierarchy.
 *
 * <p>Every type here is an immutable value (a record, an enum or a sealed interface of records)
 * whose constructor validates its own fields and names the offending field in the message. No
 * engine code lives here. All parameters and return values are non-null unless documented
 * otherwise; absent values are expressed with {@link java.util.Optional}.
 */
package dev.kubelb.api;
