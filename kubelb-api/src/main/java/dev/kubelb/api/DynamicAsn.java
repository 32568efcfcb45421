package dev.kubelb.api;

/** MetalLB's {@code dynamicASN}: the peer's AS is learned, and only its kind is configured. */
public enum DynamicAsn {
    /** The peer is in our AS (iBGP). */
    INTERNAL("internal"),
    /** The peer is in another AS (eBGP). */
    EXTERNAL("external");

    private final String text;

    DynamicAsn(String text) {
        this.text = text;
    }

    /** @return MetalLB's spelling, {@code internal} or {@code external} */
    public String text() {
        return text;
    }

    /**
     * @param text {@code internal} or {@code external}
     * @return the value
     */
    public static DynamicAsn parse(String text) {
        for (DynamicAsn d : values()) {
            if (d.text.equals(text)) {
                return d;
            }
        }
        throw ConfigurationException.field("dynamicASN", "'" + text + "' is not internal or external");
    }
}
