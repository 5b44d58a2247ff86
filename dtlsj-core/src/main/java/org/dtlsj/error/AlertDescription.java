package org.dtlsj.error;

/** {@code enum { close_notify(0), ... (255) } AlertDescription;} (RFC 5246 §7.2, RFC 6347 §4.1.2.7) — open. */
public record AlertDescription(int value) {
    public static final AlertDescription CLOSE_NOTIFY = new AlertDescription(0);
    public static final AlertDescription UNEXPECTED_MESSAGE = new AlertDescription(10);
    public static final AlertDescription BAD_RECORD_MAC = new AlertDescription(20);
    public static final AlertDescription RECORD_OVERFLOW = new AlertDescription(22);
    public static final AlertDescription HANDSHAKE_FAILURE = new AlertDescription(40);
    public static final AlertDescription BAD_CERTIFICATE = new AlertDescription(42);
    public static final AlertDescription UNSUPPORTED_CERTIFICATE = new AlertDescription(43);
    public static final AlertDescription CERTIFICATE_REVOKED = new AlertDescription(44);
    public static final AlertDescription CERTIFICATE_EXPIRED = new AlertDescription(45);
    public static final AlertDescription CERTIFICATE_UNKNOWN = new AlertDescription(46);
    public static final AlertDescription ILLEGAL_PARAMETER = new AlertDescription(47);
    public static final AlertDescription UNKNOWN_CA = new AlertDescription(48);
    public static final AlertDescription ACCESS_DENIED = new AlertDescription(49);
    public static final AlertDescription DECODE_ERROR = new AlertDescription(50);
    public static final AlertDescription DECRYPT_ERROR = new AlertDescription(51);
    public static final AlertDescription PROTOCOL_VERSION = new AlertDescription(70);
    public static final AlertDescription INSUFFICIENT_SECURITY = new AlertDescription(71);
    public static final AlertDescription INTERNAL_ERROR = new AlertDescription(80);
    public static final AlertDescription INAPPROPRIATE_FALLBACK = new AlertDescription(86);
    public static final AlertDescription USER_CANCELED = new AlertDescription(90);
    public static final AlertDescription NO_RENEGOTIATION = new AlertDescription(100);
    public static final AlertDescription UNSUPPORTED_EXTENSION = new AlertDescription(110);
    /** RFC 4279 §2. */
    public static final AlertDescription UNKNOWN_PSK_IDENTITY = new AlertDescription(115);
    public static final AlertDescription UNRECOGNIZED_NAME = new AlertDescription(112);
    public static final AlertDescription NO_APPLICATION_PROTOCOL = new AlertDescription(120);

    public AlertDescription {
        if ((value & ~0xff) != 0) throw new IllegalArgumentException("alert description out of range");
    }

    @Override
    public String toString() {
        return switch (value) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 21 -> "decryption_failed";
            case 22 -> "record_overflow";
            case 30 -> "decompression_failure";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 43 -> "unsupported_certificate";
            case 44 -> "certificate_revoked";
            case 45 -> "certificate_expired";
            case 46 -> "certificate_unknown";
            case 47 -> "illegal_parameter";
            case 48 -> "unknown_ca";
            case 49 -> "access_denied";
            case 50 -> "decode_error";
            case 51 -> "decrypt_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 90 -> "user_canceled";
            case 100 -> "no_renegotiation";
            case 110 -> "unsupported_extension";
            case 112 -> "unrecognized_name";
            case 115 -> "unknown_psk_identity";
            case 120 -> "no_application_protocol";
            default -> "alert(" + value + ")";
        };
    }
}
