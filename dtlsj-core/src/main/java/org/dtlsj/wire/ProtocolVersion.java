package org.dtlsj.wire;

/**
 * {@code struct { uint8 major; uint8 minor; } ProtocolVersion;} — open: any value decodes.
 *
 * <p>DTLS versions count down (RFC 6347 §4.1: the one's complement of the TLS version it
 * derives from), so "newer" is the smaller wire value; use {@link #isNewerThan}.
 */
public record ProtocolVersion(int major, int minor) implements Encodable {
    public static final ProtocolVersion DTLS_1_0 = new ProtocolVersion(254, 255);
    public static final ProtocolVersion DTLS_1_2 = new ProtocolVersion(254, 253);
    public static final ProtocolVersion DTLS_1_3 = new ProtocolVersion(254, 252);

    public ProtocolVersion {
        if ((major & ~0xff) != 0 || (minor & ~0xff) != 0) {
            throw new IllegalArgumentException("version bytes out of range");
        }
    }

    public int wire() {
        return (major << 8) | minor;
    }

    public static ProtocolVersion of(int wire) {
        return new ProtocolVersion((wire >>> 8) & 0xff, wire & 0xff);
    }

    public boolean isDtls() {
        return major == 254;
    }

    /** True if this DTLS version is newer than {@code other} (DTLS minor numbers decrease). */
    public boolean isNewerThan(ProtocolVersion other) {
        return wire() < other.wire();
    }

    @Override
    public void encode(WireWriter w) {
        w.u8(major).u8(minor);
    }

    public static ProtocolVersion decode(WireReader r) throws DecodeException {
        return new ProtocolVersion(r.u8(), r.u8());
    }

    /** The name OpenSSL prints for this version ("DTLSv1.2"). */
    public String displayName() {
        if (equals(DTLS_1_2)) return "DTLSv1.2";
        if (equals(DTLS_1_0)) return "DTLSv1";
        if (equals(DTLS_1_3)) return "DTLSv1.3";
        return String.format("0x%04x", wire());
    }

    @Override
    public String toString() {
        return displayName();
    }
}
