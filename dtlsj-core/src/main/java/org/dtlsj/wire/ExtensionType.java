package org.dtlsj.wire;

/** {@code enum { ... (65535) } ExtensionType;} — open: unknown types survive and are ignored. */
public record ExtensionType(int value) {
    /** RFC 6066 §3. */
    public static final ExtensionType SERVER_NAME = new ExtensionType(0);
    /** RFC 8422 §5.1.1 (named "elliptic_curves" there). */
    public static final ExtensionType SUPPORTED_GROUPS = new ExtensionType(10);
    /** RFC 8422 §5.1.2. */
    public static final ExtensionType EC_POINT_FORMATS = new ExtensionType(11);
    /** RFC 5246 §7.4.1.4.1. */
    public static final ExtensionType SIGNATURE_ALGORITHMS = new ExtensionType(13);
    /** RFC 6520 §2. */
    public static final ExtensionType HEARTBEAT = new ExtensionType(15);
    /** RFC 7301. */
    public static final ExtensionType ALPN = new ExtensionType(16);
    /** RFC 7250 §3. */
    public static final ExtensionType CLIENT_CERTIFICATE_TYPE = new ExtensionType(19);
    public static final ExtensionType SERVER_CERTIFICATE_TYPE = new ExtensionType(20);
    /** RFC 7366. */
    public static final ExtensionType ENCRYPT_THEN_MAC = new ExtensionType(22);
    /** RFC 7627 §5.1. */
    public static final ExtensionType EXTENDED_MASTER_SECRET = new ExtensionType(23);
    /** RFC 8449. */
    public static final ExtensionType RECORD_SIZE_LIMIT = new ExtensionType(28);
    /** RFC 5077. */
    public static final ExtensionType SESSION_TICKET = new ExtensionType(35);
    /** RFC 5746 §3.2. */
    public static final ExtensionType RENEGOTIATION_INFO = new ExtensionType(0xff01);

    public ExtensionType {
        if ((value & ~0xffff) != 0) throw new IllegalArgumentException("extension type out of range");
    }

    @Override
    public String toString() {
        return switch (value) {
            case 0 -> "server_name";
            case 10 -> "supported_groups";
            case 11 -> "ec_point_formats";
            case 13 -> "signature_algorithms";
            case 15 -> "heartbeat";
            case 16 -> "application_layer_protocol_negotiation";
            case 19 -> "client_certificate_type";
            case 20 -> "server_certificate_type";
            case 22 -> "encrypt_then_mac";
            case 23 -> "extended_master_secret";
            case 28 -> "record_size_limit";
            case 35 -> "session_ticket";
            case 0xff01 -> "renegotiation_info";
            default -> "extension(" + value + ")";
        };
    }
}
