package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * ClientKeyExchange for the PSK key exchanges:
 * <pre>
 * case psk:                   opaque psk_identity&lt;0..2^16-1&gt;;                                 (RFC 4279 §2)
 * case ec_diffie_hellman_psk: opaque psk_identity&lt;0..2^16-1&gt;; opaque point&lt;1..2^8-1&gt;; (RFC 5489 §2)
 * </pre>
 *
 * @param publicPoint the client's ECDH public value, null for plain PSK
 */
public record PskClientKeyExchange(byte[] identity, byte[] publicPoint) implements HandshakeBody {
    public PskClientKeyExchange {
        identity = identity.clone();
        if (publicPoint != null) publicPoint = publicPoint.clone();
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] publicPoint() {
        return publicPoint == null ? null : publicPoint.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public void encode(WireWriter w) {
        w.u16Vector(identity);
        if (publicPoint != null) w.u8Vector(publicPoint);
    }

    public static PskClientKeyExchange decodePsk(WireReader r) throws DecodeException {
        byte[] identity = identity(r);
        r.expectEnd("PSK ClientKeyExchange");
        return new PskClientKeyExchange(identity, null);
    }

    public static PskClientKeyExchange decodeEcdhePsk(WireReader r) throws DecodeException {
        byte[] identity = identity(r);
        byte[] point = r.u8Prefixed().rest();
        if (point.length == 0) throw new DecodeException("empty ECPoint");
        r.expectEnd("ECDHE_PSK ClientKeyExchange");
        return new PskClientKeyExchange(identity, point);
    }

    private static byte[] identity(WireReader r) throws DecodeException {
        return r.u16Prefixed().rest();
    }
}
