package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * The Certificate message when the raw public key type was negotiated (RFC 7250 §3):
 * {@code opaque ASN.1_subjectPublicKeyInfo<1..2^24-1>;}, the DER SubjectPublicKeyInfo.
 */
public record RawPublicKeyCertificate(byte[] subjectPublicKeyInfo) implements HandshakeBody {
    public RawPublicKeyCertificate {
        subjectPublicKeyInfo = subjectPublicKeyInfo.clone();
        if (subjectPublicKeyInfo.length == 0) throw new IllegalArgumentException("empty SubjectPublicKeyInfo");
    }

    @Override
    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public void encode(WireWriter w) {
        w.u24Prefixed(b -> b.bytes(subjectPublicKeyInfo));
    }

    public static RawPublicKeyCertificate decode(WireReader r) throws DecodeException {
        byte[] spki = r.u24Prefixed().rest();
        if (spki.length == 0) throw new DecodeException("empty SubjectPublicKeyInfo");
        r.expectEnd("raw public key Certificate");
        return new RawPublicKeyCertificate(spki);
    }
}
