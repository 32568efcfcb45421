/**
 * A sample third-party provider for <a href="https://kube-vip.io">kube-vip</a>, written against the
 * kubelb-java SPI only: the pattern an appliance vendor copies. See this module's README.md.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.kubelb.examples.customprovider;
