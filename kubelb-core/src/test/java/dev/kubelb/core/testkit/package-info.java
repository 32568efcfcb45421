/**
 * The provider contract kit: {@link dev.kubelb.core.testkit.ProviderContract} holds the checks every
 * appliance provider must pass, shipped in kubelb-core's test-jar so that our providers and third
 * parties run the same ones. Non-null by default.
 */
package dev.kubelb.core.testkit;
