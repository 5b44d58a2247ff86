package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * ServerKeyExchange for ECDHE_ECDSA and ECDHE_RSA (RFC 8422 §5.4, RFC 5246 §7.4.3):
 * <pre>
 * struct { ECCurveType curve_type; NamedCurve namedcurve; } ECParameters;   // curve_type named_curve(3)
 * struct { opaque point &lt;1..2^8-1&gt;; } ECPoint;
 * struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
 * struct {
 *     ServerECDHParams params;
 *     digitally-signed struct { opaque client_random[32]; opaque server_random[32]; ServerECDHParams params; } signed_params;
 * } ServerKeyExchange;
 * </pre>
 * {@code digitally-signed} in (D)TLS 1.2 is {@code SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>}.
 */
public record EcdheServerKeyExchange(NamedGroup group, byte[] publicPoint, SignatureScheme scheme, byte[] signature)
        implements HandshakeBody {
    /** RFC 8422 §5.4: ECCurveType named_curve. The explicit curve types are deprecated and refused. */
    public static final int NAMED_CURVE = 3;

    public EcdheServerKeyExchange {
        publicPoint = publicPoint.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicPoint() {
        return publicPoint.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.SERVER_KEY_EXCHANGE;
    }

    /** The ServerECDHParams bytes: what the signature covers after the two randoms. */
    public byte[] encodedParams() {
        return params(group, publicPoint);
    }

    public static byte[] params(NamedGroup group, byte[] point) {
        WireWriter w = new WireWriter(4 + point.length);
        w.u8(NAMED_CURVE).u16(group.value()).u8Vector(point);
        return w.toByteArray();
    }

    @Override
    public void encode(WireWriter w) {
        w.bytes(params(group, publicPoint));
        if (scheme != null) scheme.encode(w);
        w.u16Vector(signature);
    }

    /** DTLS 1.0 (RFC 4492 §5.4 with TLS 1.1): the signature without a SignatureAndHashAlgorithm; scheme is null. */
    public static EcdheServerKeyExchange decodeLegacy(WireReader r) throws DecodeException {
        return decode(r, true);
    }

    public static EcdheServerKeyExchange decode(WireReader r) throws DecodeException {
        return decode(r, false);
    }

    private static EcdheServerKeyExchange decode(WireReader r, boolean legacy) throws DecodeException {
        int curveType = r.u8();
        if (curveType != NAMED_CURVE) {
            throw new DecodeException(org.dtlsj.error.AlertDescription.ILLEGAL_PARAMETER,
                    "ECCurveType " + curveType + " is not named_curve(3)");
        }
        NamedGroup group = new NamedGroup(r.u16());
        byte[] point = r.u8Prefixed().rest();
        if (point.length == 0) throw new DecodeException("empty ECPoint");
        SignatureScheme scheme = legacy ? null : SignatureScheme.decode(r);
        byte[] sig = r.u16Prefixed().rest();
        r.expectEnd("ServerKeyExchange");
        return new EcdheServerKeyExchange(group, point, scheme, sig);
    }
}
