package org.dtlsj.wire.handshake;

import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * struct { digitally-signed struct { opaque handshake_messages[handshake_messages_length]; } } CertificateVerify;
 * </pre>
 * (RFC 5246 §7.4.8) — on the wire: {@code SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>}.
 */
public record CertificateVerify(SignatureScheme scheme, byte[] signature) implements HandshakeBody {
    public CertificateVerify {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public void encode(WireWriter w) {
        if (scheme != null) scheme.encode(w);
        w.u16Vector(signature);
    }

    /** DTLS 1.0 (TLS 1.1, RFC 4346 §7.4.8): the signature alone, the algorithm given by the key; scheme is null. */
    public static CertificateVerify decodeLegacy(WireReader r) throws DecodeException {
        byte[] sig = r.u16Prefixed().rest();
        r.expectEnd("CertificateVerify");
        return new CertificateVerify(null, sig);
    }

    public static CertificateVerify decode(WireReader r) throws DecodeException {
        SignatureScheme s = SignatureScheme.decode(r);
        byte[] sig = r.u16Prefixed().rest();
        r.expectEnd("CertificateVerify");
        return new CertificateVerify(s, sig);
    }
}
