/** Engine internals; not API, may change at any time. Non-null by default. */
package dev.kubelb.core.internal;
