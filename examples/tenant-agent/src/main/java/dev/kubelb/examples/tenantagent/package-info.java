/** A runnable host of kubelb's {@code TenantAgent}, the tenant half of the hub and spoke. Non-null by default. */
package dev.kubelb.examples.tenantagent;
