package org.dtlsj.handshake.client;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtlsj.crypto.CertificateChecker;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Negotiation;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.handshake.CertificateMessage;

/** Waits for the server's Certificate (RFC 5246 §7.4.2) and checks the chain. */
public record ExpectServerCertificate() implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        if (!m.type().equals(HandshakeType.CERTIFICATE)) throw HandshakeContext.unexpected(this, m);
        if (cx.serverCertType == org.dtlsj.config.CertificateType.RAW_PUBLIC_KEY) return rawPublicKey(m, cx);
        CertificateMessage cm = Negotiation.decode(m.body(), CertificateMessage::decode, "Certificate");
        if (cm.certificates().isEmpty()) {
            throw new DtlsException(Reason.BAD_CERTIFICATE, "server sent an empty certificate chain");
        }
        List<X509Certificate> chain = CertificateChecker.parse(cm.certificates());
        var leafKey = chain.get(0).getPublicKey();
        if (!Negotiation.keyAlgorithmMatches(leafKey, cx.suite.keyExchange.certificateKeyAlgorithm)) {
            throw new DtlsException(Reason.BAD_CERTIFICATE, "server certificate key is " + leafKey.getAlgorithm()
                    + " but " + cx.suite + " needs " + cx.suite.keyExchange.certificateKeyAlgorithm);
        }
        if (cx.config.verifyPeer()) {
            String host = cx.config.verifyHostName() ? cx.serverName : null;
            CertificateChecker.check(chain, cx.config.trustAnchors(), host, cx.config.verifier(), cx.wallClockMillis);
        }
        cx.peerChain = chain;
        cx.transcript.add(m);
        return new ExpectServerKeyExchange(new VerifiedServerKey(leafKey));
    }

    /** RFC 7250: one SubjectPublicKeyInfo, trusted only if it is one of the configured keys. */
    private static HandshakeState rawPublicKey(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        var rpk = Negotiation.decode(m.body(), org.dtlsj.wire.handshake.RawPublicKeyCertificate::decode, "Certificate");
        java.security.PublicKey key = org.dtlsj.crypto.RawPublicKeys.parse(rpk.subjectPublicKeyInfo());
        if (!Negotiation.keyAlgorithmMatches(key, cx.suite.keyExchange.certificateKeyAlgorithm)) {
            throw new DtlsException(Reason.BAD_CERTIFICATE, "server raw public key is " + key.getAlgorithm()
                    + " but " + cx.suite + " needs " + cx.suite.keyExchange.certificateKeyAlgorithm);
        }
        if (cx.config.verifyPeer()) org.dtlsj.crypto.RawPublicKeys.check(key, cx.config.trustedRawPublicKeys());
        cx.peerRawPublicKey = key;
        cx.transcript.add(m);
        return new ExpectServerKeyExchange(new VerifiedServerKey(key));
    }

    /** The server's leaf public key, from a chain that passed the configured checks. */
    public record VerifiedServerKey(java.security.PublicKey key) {
    }

    @Override
    public String toString() {
        return "expecting server Certificate";
    }
}
