package dev.kubelb.examples.cli;

import java.util.Map;

/**
 * What the CLI may do with the terminal: colour and a progress line only when stdout/stderr is one (kubectl's
 * rule), never when piped or redirected; {@code NO_COLOR} (https://no-color.org) and {@code TERM=dumb} turn colour
 * off; {@code --color=always|never} overrides.
 */
final class Terminal {
    /** {@code --color}. */
    enum ColorMode {
        /** On a terminal only (the default). */
        auto,
        /** Always (e.g. into {@code less -R}). */
        always,
        /** Never. */
        never
    }

    private static final String RESET = "\u001b[0m";

    private Terminal() {
    }

    /** @return whether this process talks to a terminal (stdin and stdout both are, as {@code System.console()} tells) */
    static boolean interactive() {
        return System.console() != null;
    }

    /**
     * @param mode the option
     * @param env the environment
     * @return whether to colour the output
     */
    static boolean colour(ColorMode mode, Map<String, String> env) {
        return switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> interactive() && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        };
    }

    /** @return the text in green when colouring */
    static String green(boolean on, String s) {
        return on ? "\u001b[32m" + s + RESET : s;
    }

    /** @return the text in red when colouring */
    static String red(boolean on, String s) {
        return on ? "\u001b[31m" + s + RESET : s;
    }

    /** @return the text in yellow when colouring */
    static String yellow(boolean on, String s) {
        return on ? "\u001b[33m" + s + RESET : s;
    }

    /** @return the text in cyan when colouring */
    static String cyan(boolean on, String s) {
        return on ? "\u001b[36m" + s + RESET : s;
    }

    /** @return the text without colour codes (for widths) */
    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
