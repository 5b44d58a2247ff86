package org.dtlsj.handshake.server;

import java.security.PublicKey;
import org.dtlsj.crypto.Signatures;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.ExpectChangeCipherSpec;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.CertificateVerify;

/**
 * After a non-empty client Certificate: CertificateVerify is mandatory (RFC 5246 §7.4.8) — a
 * ChangeCipherSpec or Finished in its place is unexpected (the JSSE bug of CVE-2014-6593-like
 * "completed handshake without CertificateVerify" cannot happen: no other path leads on).
 */
public record ExpectCertificateVerify(PublicKey clientKey) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CERTIFICATE_VERIFY)) throw HandshakeContext.unexpected(this, m);
        if (cx.legacy()) {
            // DTLS 1.0: the signature alone, its algorithm given by the key (RFC 4346 §7.4.8).
            CertificateVerify cv = Negotiation.decode(m.body(), CertificateVerify::decodeLegacy, "CertificateVerify");
            if (!Signatures.verifyLegacy(clientKey, cv.signature(), cx.config.publicKeyProvider(), cx.transcript.bytes())) {
                throw new DtlsException(Reason.BAD_SIGNATURE, "client CertificateVerify does not verify with its certificate");
            }
            cx.transcript.add(m);
            return new ExpectChangeCipherSpec(new ExpectClientFinished());
        }
        CertificateVerify cv = Negotiation.decode(m.body(), CertificateVerify::decode, "CertificateVerify");
        if (!cx.config.signatureSchemes().contains(cv.scheme())) {
            throw new DtlsException(Reason.ILLEGAL_PARAMETER, "client signed CertificateVerify with " + cv.scheme() + " that was not offered");
        }
        if (!Signatures.verify(cv.scheme(), clientKey, cv.signature(), cx.config.publicKeyProvider(), cx.transcript.bytes())) {
            throw new DtlsException(Reason.BAD_SIGNATURE, "client CertificateVerify does not verify with its certificate");
        }
        cx.transcript.add(m);
        return new ExpectChangeCipherSpec(new ExpectClientFinished());
    }

    @Override
    public String toString() {
        return "expecting CertificateVerify";
    }
}
