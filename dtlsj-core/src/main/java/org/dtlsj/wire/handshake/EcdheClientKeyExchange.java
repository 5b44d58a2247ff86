package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * ClientKeyExchange for ECDHE key exchange (RFC 8422 §5.7):
 * <pre>
 * struct { select (PublicValueEncoding) { case explicit: ECPoint ecdh_Yc; } ecdh_public; } ClientECDiffieHellmanPublic;
 * </pre>
 * with {@code struct { opaque point <1..2^8-1>; } ECPoint;}.
 */
public record EcdheClientKeyExchange(byte[] publicPoint) implements HandshakeBody {
    public EcdheClientKeyExchange {
        publicPoint = publicPoint.clone();
    }

    @Override
    public byte[] publicPoint() {
        return publicPoint.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CLIENT_KEY_EXCHANGE;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8Vector(publicPoint);
    }

    public static EcdheClientKeyExchange decode(WireReader r) throws DecodeException {
        byte[] point = r.u8Prefixed().rest();
        if (point.length == 0) throw new DecodeException("empty ECPoint");
        r.expectEnd("ClientKeyExchange");
        return new EcdheClientKeyExchange(point);
    }
}
