/**
 * A sample host application that embeds the kubelb engine: the pattern a controller author copies.
 *
 * <p>Everything in this package is non-null by default.
 */
package dev.kubelb.examples.hostcontroller;
