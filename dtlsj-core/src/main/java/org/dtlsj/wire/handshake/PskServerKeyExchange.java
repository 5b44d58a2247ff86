package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * ServerKeyExchange for the PSK key exchanges, unsigned (the PSK authenticates):
 * <pre>
 * case psk:                   opaque psk_identity_hint&lt;0..2^16-1&gt;;                          (RFC 4279 §2)
 * case ec_diffie_hellman_psk: opaque psk_identity_hint&lt;0..2^16-1&gt;; ServerECDHParams params; (RFC 5489 §2)
 * </pre>
 *
 * @param group null for plain PSK
 * @param publicPoint null for plain PSK
 */
public record PskServerKeyExchange(byte[] identityHint, NamedGroup group, byte[] publicPoint) implements HandshakeBody {
    public PskServerKeyExchange {
        identityHint = identityHint.clone();
        if ((group == null) != (publicPoint == null)) throw new IllegalArgumentException("group and point go together");
        if (publicPoint != null) publicPoint = publicPoint.clone();
    }

    @Override
    public byte[] identityHint() {
        return identityHint.clone();
    }

    @Override
    public byte[] publicPoint() {
        return publicPoint == null ? null : publicPoint.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    @Override
    public void encode(WireWriter w) {
        w.u16Vector(identityHint);
        if (group != null) w.bytes(EcdheServerKeyExchange.params(group, publicPoint));
    }

    /** RFC 4279 §2: the hint alone. */
    public static PskServerKeyExchange decodePsk(WireReader r) throws DecodeException {
        byte[] hint = r.u16Prefixed().rest();
        r.expectEnd("PSK ServerKeyExchange");
        return new PskServerKeyExchange(hint, null, null);
    }

    /** RFC 5489 §2: the hint, then ServerECDHParams as in RFC 8422 §5.4 (named curves only). */
    public static PskServerKeyExchange decodeEcdhePsk(WireReader r) throws DecodeException {
        byte[] hint = r.u16Prefixed().rest();
        int curveType = r.u8();
        if (curveType != EcdheServerKeyExchange.NAMED_CURVE) {
            throw new DecodeException(org.dtlsj.error.AlertDescription.ILLEGAL_PARAMETER,
                    "ECCurveType " + curveType + " is not named_curve(3)");
        }
        NamedGroup group = new NamedGroup(r.u16());
        byte[] point = r.u8Prefixed().rest();
        if (point.length == 0) throw new DecodeException("empty ECPoint");
        r.expectEnd("ECDHE_PSK ServerKeyExchange");
        return new PskServerKeyExchange(hint, group, point);
    }
}
