package org.dtlsj.wire;

/** RFC 8422 §5.1.1 / RFC 7919 {@code NamedGroup} — open. */
public record NamedGroup(int value) {
    public static final NamedGroup SECP256R1 = new NamedGroup(23);
    public static final NamedGroup SECP384R1 = new NamedGroup(24);
    public static final NamedGroup SECP521R1 = new NamedGroup(25);
    public static final NamedGroup X25519 = new NamedGroup(29);
    public static final NamedGroup X448 = new NamedGroup(30);

    public NamedGroup {
        if ((value & ~0xffff) != 0) throw new IllegalArgumentException("named group out of range");
    }

    /** The name OpenSSL and the JDK use for this group. */
    public String displayName() {
        return switch (value) {
            case 23 -> "secp256r1";
            case 24 -> "secp384r1";
            case 25 -> "secp521r1";
            case 29 -> "x25519";
            case 30 -> "x448";
            default -> "group(" + value + ")";
        };
    }

    /** Parses a name such as "x25519", "secp256r1" or "P-256"; null if unknown. */
    public static NamedGroup byName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "secp256r1", "p-256", "prime256v1" -> SECP256R1;
            case "secp384r1", "p-384" -> SECP384R1;
            case "secp521r1", "p-521" -> SECP521R1;
            case "x25519" -> X25519;
            case "x448" -> X448;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
