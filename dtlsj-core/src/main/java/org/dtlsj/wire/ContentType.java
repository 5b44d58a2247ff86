package org.dtlsj.wire;

/** {@code enum { change_cipher_spec(20), alert(21), handshake(22), application_data(23), heartbeat(24) (255) } ContentType;} */
public record ContentType(int value) {
    public static final ContentType CHANGE_CIPHER_SPEC = new ContentType(20);
    public static final ContentType ALERT = new ContentType(21);
    public static final ContentType HANDSHAKE = new ContentType(22);
    public static final ContentType APPLICATION_DATA = new ContentType(23);
    /** RFC 6520 §3. */
    public static final ContentType HEARTBEAT = new ContentType(24);

    public ContentType {
        if ((value & ~0xff) != 0) throw new IllegalArgumentException("content type out of range");
    }

    @Override
    public String toString() {
        return switch (value) {
            case 20 -> "change_cipher_spec";
            case 21 -> "alert";
            case 22 -> "handshake";
            case 23 -> "application_data";
            case 24 -> "heartbeat";
            default -> "content_type(" + value + ")";
        };
    }
}
