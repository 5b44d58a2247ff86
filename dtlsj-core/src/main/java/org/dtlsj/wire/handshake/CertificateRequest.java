package org.dtlsj.wire.handshake;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.extension.SignatureAlgorithms;

/**
 * <pre>
 * enum { rsa_sign(1), dss_sign(2), ..., ecdsa_sign(64), (255) } ClientCertificateType;
 * opaque DistinguishedName&lt;1..2^16-1&gt;;
 * struct {
 *     ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 *     SignatureAndHashAlgorithm supported_signature_algorithms&lt;2^16-1&gt;;
 *     DistinguishedName certificate_authorities&lt;0..2^16-1&gt;;
 * } CertificateRequest;                                (RFC 5246 §7.4.4, RFC 8422 §5.5)
 * </pre>
 */
public record CertificateRequest(byte[] certificateTypes, SignatureAlgorithms signatureAlgorithms,
                                 List<byte[]> certificateAuthorities) implements HandshakeBody {
    public static final int RSA_SIGN = 1;
    public static final int ECDSA_SIGN = 64;

    public CertificateRequest {
        certificateTypes = certificateTypes.clone();
        List<byte[]> copy = new ArrayList<>();
        for (byte[] dn : certificateAuthorities) copy.add(dn.clone());
        certificateAuthorities = List.copyOf(copy);
    }

    @Override
    public byte[] certificateTypes() {
        return certificateTypes.clone();
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public void encode(WireWriter w) {
        w.u8Vector(certificateTypes);
        if (signatureAlgorithms != null) signatureAlgorithms.encode(w);
        w.u16Prefixed(list -> certificateAuthorities.forEach(dn -> list.u16Vector(dn)));
    }

    public static CertificateRequest decode(WireReader r) throws DecodeException {
        return decode(r, false);
    }

    /** DTLS 1.0 (TLS 1.1, RFC 4346 §7.4.4): no supported_signature_algorithms; it is null. */
    public static CertificateRequest decodeLegacy(WireReader r) throws DecodeException {
        return decode(r, true);
    }

    private static CertificateRequest decode(WireReader r, boolean legacy) throws DecodeException {
        byte[] types = r.u8Prefixed().rest();
        if (types.length == 0) throw new DecodeException("empty certificate_types");
        SignatureAlgorithms algs = legacy ? null : SignatureAlgorithms.decode(r);
        WireReader list = r.u16Prefixed();
        List<byte[]> dns = new ArrayList<>();
        while (!list.isEmpty()) {
            byte[] dn = list.u16Prefixed().rest();
            if (dn.length == 0) throw new DecodeException("empty DistinguishedName");
            dns.add(dn);
        }
        r.expectEnd("CertificateRequest");
        return new CertificateRequest(types, algs, dns);
    }
}
